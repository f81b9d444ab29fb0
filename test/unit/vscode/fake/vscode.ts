/* eslint-disable @typescript-eslint/no-explicit-any */
// A small fake of the `vscode` API: what src/vscode/ and src/main.ts use, no more. Under mocha,
// `require('vscode')` resolves to this module (./register.ts). It keeps what the extension shows
// (messages, quick picks, input boxes, status bar, channels, diagnostics, executed commands) in
// `fake`, and lets a test answer the user's side (`fake.answer*`). `fake.reset()` starts afresh.
//
// Functions that product code may capture at load time (`const show = { information:
// vscode.window.showInformationMessage }`) are stable: they read the current state on each call.

// ---------------------------------------------------------------------------------------------
// Plain classes and enums

type Listener<T> = (e: T) => unknown;

export class Disposable {
  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => items.forEach((d) => d.dispose()));
  }
  #callOnDispose: (() => unknown) | undefined;
  constructor(callOnDispose: () => unknown) {
    this.#callOnDispose = callOnDispose;
  }
  dispose(): void {
    const callOnDispose = this.#callOnDispose;
    this.#callOnDispose = undefined;
    callOnDispose?.();
  }
}

export class EventEmitter<T> {
  private listeners = new Set<Listener<T>>();
  readonly event = (listener: Listener<T>, thisArg?: unknown, disposables?: { dispose(): unknown }[]): Disposable => {
    const bound: Listener<T> = thisArg ? listener.bind(thisArg) : listener;
    this.listeners.add(bound);
    const d = new Disposable(() => this.listeners.delete(bound));
    disposables?.push(d);
    return d;
  };
  fire(data: T): void {
    for (const l of [...this.listeners]) l(data);
  }
  get listenerCount(): number {
    return this.listeners.size;
  }
  dispose(): void {
    this.listeners.clear();
  }
}

export class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {
    if (line < 0 || character < 0 || !Number.isInteger(line) || !Number.isInteger(character)) throw new Error('Illegal argument');
  }
  isBefore(other: Position): boolean {
    return this.line < other.line || (this.line === other.line && this.character < other.character);
  }
  isEqual(other: Position): boolean {
    return this.line === other.line && this.character === other.character;
  }
  compareTo(other: Position): number {
    return this.isEqual(other) ? 0 : this.isBefore(other) ? -1 : 1;
  }
}

export class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(a: number | Position, b: number | Position, c?: number, d?: number) {
    const start = typeof a === 'number' ? new Position(a, b as number) : a;
    const end = typeof a === 'number' ? new Position(c as number, d as number) : (b as Position);
    [this.start, this.end] = start.isBefore(end) || start.isEqual(end) ? [start, end] : [end, start];
  }
  get isEmpty(): boolean {
    return this.start.isEqual(this.end);
  }
  contains(p: Position | Range): boolean {
    if (p instanceof Range) return this.contains(p.start) && this.contains(p.end);
    return !p.isBefore(this.start) && !this.end.isBefore(p);
  }
  intersection(other: Range): Range | undefined {
    const start = this.start.isBefore(other.start) ? other.start : this.start;
    const end = this.end.isBefore(other.end) ? this.end : other.end;
    return end.isBefore(start) ? undefined : new Range(start, end);
  }
}

export class Selection extends Range {
  constructor(
    readonly anchor: Position,
    readonly active: Position,
  ) {
    super(anchor, active);
  }
}

export class ThemeIcon {
  constructor(
    readonly id: string,
    readonly color?: ThemeColor,
  ) {}
}

export enum TreeItemCollapsibleState {
  None = 0,
  Collapsed = 1,
  Expanded = 2,
}

export class TreeItem {
  id?: string;
  description?: string;
  tooltip?: string | MarkdownString;
  contextValue?: string;
  iconPath?: ThemeIcon;
  command?: { command: string; title: string; arguments?: unknown[] };
  constructor(
    public label: string,
    public collapsibleState: TreeItemCollapsibleState = TreeItemCollapsibleState.None,
  ) {}
}

/** A tree view (window.createTreeView): the test sets `visible` with `setVisible`, reads badge and description. */
export class FakeTreeView {
  visible = false;
  badge: { value: number; tooltip: string } | undefined;
  description: string | undefined;
  disposed = false;
  private readonly visibility = new EventEmitter<{ visible: boolean }>();
  readonly onDidChangeVisibility = this.visibility.event;
  constructor(
    readonly id: string,
    readonly options: { treeDataProvider: any },
  ) {}
  setVisible(visible: boolean): void {
    this.visible = visible;
    this.visibility.fire({ visible });
  }
  dispose(): void {
    this.disposed = true;
  }
}
export class ThemeColor {
  constructor(readonly id: string) {}
}
export class MarkdownString {
  isTrusted = false;
  supportThemeIcons = false;
  constructor(public value = '') {}
  appendText(text: string): this {
    this.value += text.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&');
    return this;
  }
  appendMarkdown(text: string): this {
    this.value += text;
    return this;
  }
}

export class CodeLens {
  constructor(
    public range: Range,
    public command?: { title: string; command: string; arguments?: unknown[]; tooltip?: string },
  ) {}
}

export enum DiagnosticSeverity {
  Error = 0,
  Warning = 1,
  Information = 2,
  Hint = 3,
}
export class Diagnostic {
  source?: string;
  code?: string | number;
  constructor(
    public range: Range,
    public message: string,
    public severity: DiagnosticSeverity = DiagnosticSeverity.Error,
  ) {}
}

export enum SymbolKind {
  File = 0,
  Module = 1,
  Namespace = 2,
  Package = 3,
  Class = 4,
  Method = 5,
  Property = 6,
  Field = 7,
  Constructor = 8,
  Enum = 9,
  Interface = 10,
  Function = 11,
}
export class DocumentSymbol {
  children: DocumentSymbol[] = [];
  constructor(
    public name: string,
    public detail: string,
    public kind: SymbolKind,
    public range: Range,
    public selectionRange: Range,
  ) {
    if (!range.contains(selectionRange)) throw new Error('selectionRange must be contained in fullRange');
  }
}

export enum FoldingRangeKind {
  Comment = 1,
  Imports = 2,
  Region = 3,
}
export class FoldingRange {
  constructor(
    public start: number,
    public end: number,
    public kind?: FoldingRangeKind,
  ) {}
}

export enum StatusBarAlignment {
  Left = 1,
  Right = 2,
}
export enum ConfigurationTarget {
  Global = 1,
  Workspace = 2,
  WorkspaceFolder = 3,
}
export enum ProgressLocation {
  SourceControl = 1,
  Window = 10,
  Notification = 15,
}
export enum QuickPickItemKind {
  Separator = -1,
  Default = 0,
}
export enum InputBoxValidationSeverity {
  Info = 1,
  Warning = 2,
  Error = 3,
}
export enum TextEditorRevealType {
  Default = 0,
  InCenter = 1,
  InCenterIfOutsideViewport = 2,
  AtTop = 3,
}
export enum ViewColumn {
  Active = -1,
  Beside = -2,
  One = 1,
  Two = 2,
}
export enum EndOfLine {
  LF = 1,
  CRLF = 2,
}

export class CancellationTokenSource {
  private readonly emitter = new EventEmitter<void>();
  readonly token = { isCancellationRequested: false, onCancellationRequested: this.emitter.event };
  cancel(): void {
    if (this.token.isCancellationRequested) return;
    this.token.isCancellationRequested = true;
    this.emitter.fire();
  }
  dispose(): void {
    this.emitter.dispose();
  }
}

/** A URI kept as its parts; `toString()` and `Uri.parse` round-trip (no percent-encoding). */
export class Uri {
  private constructor(
    readonly scheme: string,
    readonly authority: string,
    readonly path: string,
    readonly query: string,
    readonly fragment: string,
  ) {}
  static parse(value: string, _strict?: boolean): Uri {
    const m = /^([a-zA-Z][\w+.-]*):(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/.exec(value);
    if (!m) throw new Error(`[UriError]: not a URI: ${value}`);
    return new Uri(m[1], m[2] ?? '', m[3], m[4] ?? '', m[5] ?? '');
  }
  static from(parts: { scheme: string; authority?: string; path?: string; query?: string; fragment?: string }): Uri {
    return new Uri(parts.scheme, parts.authority ?? '', parts.path ?? '', parts.query ?? '', parts.fragment ?? '');
  }
  static file(path: string): Uri {
    return new Uri('file', '', path, '', '');
  }
  static joinPath(base: Uri, ...segments: string[]): Uri {
    return base.with({ path: [base.path.replace(/\/$/, ''), ...segments].join('/') });
  }
  get fsPath(): string {
    return this.path;
  }
  with(change: { scheme?: string; authority?: string; path?: string; query?: string; fragment?: string }): Uri {
    return new Uri(
      change.scheme ?? this.scheme,
      change.authority ?? this.authority,
      change.path ?? this.path,
      change.query ?? this.query,
      change.fragment ?? this.fragment,
    );
  }
  toString(): string {
    return (
      `${this.scheme}:` +
      (this.authority || this.scheme === 'file' || this.scheme === 'http' || this.scheme === 'https' ? `//${this.authority}` : '') +
      this.path +
      (this.query ? `?${this.query}` : '') +
      (this.fragment ? `#${this.fragment}` : '')
    );
  }
  toJSON(): unknown {
    return { scheme: this.scheme, authority: this.authority, path: this.path, query: this.query, fragment: this.fragment };
  }
}

export class TabInputText {
  constructor(readonly uri: Uri) {}
}

// ---------------------------------------------------------------------------------------------
// Documents and editors

export class FakeTextDocument {
  isClosed = false;
  isDirty = false;
  version = 1;
  readonly eol = EndOfLine.LF;
  constructor(
    readonly uri: Uri,
    private text: string,
    public languageId = 'plaintext',
    readonly isUntitled = false,
  ) {}
  get fileName(): string {
    return this.uri.path;
  }
  getText(range?: Range): string {
    if (!range) return this.text;
    return this.text.slice(this.offsetAt(range.start), this.offsetAt(range.end));
  }
  /** Replaces the text (as a content provider's refresh or an edit would). */
  setText(text: string): void {
    this.text = text;
    this.version++;
  }
  private get lines(): string[] {
    return this.text.split(/\r?\n/);
  }
  get lineCount(): number {
    return this.lines.length;
  }
  lineAt(lineOrPosition: number | Position): { lineNumber: number; text: string; range: Range; isEmptyOrWhitespace: boolean } {
    const line = typeof lineOrPosition === 'number' ? lineOrPosition : lineOrPosition.line;
    const lines = this.lines;
    if (line < 0 || line >= lines.length) throw new Error('Illegal value for `line`');
    const text = lines[line];
    return { lineNumber: line, text, range: new Range(line, 0, line, text.length), isEmptyOrWhitespace: text.trim() === '' };
  }
  offsetAt(p: Position): number {
    const lines = this.lines;
    let offset = 0;
    for (let i = 0; i < Math.min(p.line, lines.length); i++) offset += lines[i].length + 1;
    return offset + Math.min(p.character, lines[p.line]?.length ?? 0);
  }
  positionAt(offset: number): Position {
    const before = this.text.slice(0, Math.max(0, offset)).split(/\r?\n/);
    return new Position(before.length - 1, before[before.length - 1].length);
  }
  save(): Promise<boolean> {
    state.events.save.fire(this as any);
    return Promise.resolve(true);
  }
}

export class FakeTextEditor {
  selection: Selection = new Selection(new Position(0, 0), new Position(0, 0));
  visibleRanges: Range[] = [];
  readonly revealed: { range: Range; type?: TextEditorRevealType }[] = [];
  constructor(readonly document: FakeTextDocument) {}
  get selections(): Selection[] {
    return [this.selection];
  }
  revealRange(range: Range, type?: TextEditorRevealType): void {
    this.revealed.push({ range, type });
  }
}

// ---------------------------------------------------------------------------------------------
// What the window shows

export class FakeOutputChannel {
  text = '';
  shown = 0;
  disposed = false;
  private readonly changed = new EventEmitter<void>();
  constructor(
    readonly name: string,
    readonly languageId?: string,
  ) {}
  append(value: string): void {
    this.text += value;
    this.changed.fire();
  }
  appendLine(value: string): void {
    this.append(value + '\n');
  }
  replace(value: string): void {
    this.text = value;
    this.changed.fire();
  }
  clear(): void {
    this.text = '';
    this.changed.fire();
  }
  show(): void {
    this.shown++;
  }
  hide(): void {}
  dispose(): void {
    this.disposed = true;
  }
  /** Resolves once the text matches (checked on each write, no polling). */
  waitFor(pattern: RegExp | string): Promise<string> {
    const matches = () => (typeof pattern === 'string' ? this.text.includes(pattern) : pattern.test(this.text));
    if (matches()) return Promise.resolve(this.text);
    return new Promise((resolve) => {
      const d = this.changed.event(() => {
        if (!matches()) return;
        d.dispose();
        resolve(this.text);
      });
    });
  }
}

export class FakeStatusBarItem {
  text = '';
  tooltip: string | MarkdownString | undefined;
  name: string | undefined;
  command: string | undefined;
  backgroundColor: ThemeColor | undefined;
  visible = false;
  disposed = false;
  constructor(
    readonly id: string,
    readonly alignment: StatusBarAlignment,
    readonly priority?: number,
  ) {}
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  dispose(): void {
    this.disposed = true;
    this.visible = false;
  }
}

export interface ShownMessage {
  severity: 'information' | 'warning' | 'error';
  message: string;
  modal: boolean;
  detail?: string;
  /** The buttons' titles, in order. */
  buttons: string[];
}

export interface OfferedQuickPick {
  items: any[];
  options: any;
}

export interface AskedInput {
  options: any;
  /** What validateInput said of the answer given, if it has one. */
  validation?: unknown;
}

export class FakeDiagnosticCollection {
  private readonly entries = new Map<string, readonly Diagnostic[]>();
  disposed = false;
  constructor(readonly name?: string) {}
  set(uri: Uri, diagnostics: readonly Diagnostic[] | undefined): void {
    if (diagnostics) this.entries.set(uri.toString(), diagnostics);
    else this.entries.delete(uri.toString());
  }
  get(uri: Uri): readonly Diagnostic[] | undefined {
    return this.entries.get(uri.toString());
  }
  has(uri: Uri): boolean {
    return this.entries.has(uri.toString());
  }
  delete(uri: Uri): void {
    this.entries.delete(uri.toString());
  }
  clear(): void {
    this.entries.clear();
  }
  forEach(callback: (uri: Uri, diagnostics: readonly Diagnostic[]) => void): void {
    for (const [k, v] of this.entries) callback(Uri.parse(k), v);
  }
  dispose(): void {
    this.disposed = true;
    this.entries.clear();
  }
}

// ---------------------------------------------------------------------------------------------
// The state a test reads and answers

type MessageAnswer = (m: ShownMessage) => string | undefined;
type QuickPickAnswer = (items: any[], options: any) => any;
type InputAnswer = (options: any) => string | undefined;

function freshEvents() {
  return {
    closeDocument: new EventEmitter<any>(),
    openDocument: new EventEmitter<any>(),
    save: new EventEmitter<any>(),
    changeDocument: new EventEmitter<any>(),
    configuration: new EventEmitter<any>(),
    trust: new EventEmitter<void>(),
    visibleEditors: new EventEmitter<any>(),
    activeEditor: new EventEmitter<any>(),
    visibleRanges: new EventEmitter<any>(),
    tabs: new EventEmitter<any>(),
    shown: new EventEmitter<ShownMessage>(),
    status: new EventEmitter<string>(),
  };
}

function freshState() {
  return {
    events: freshEvents(),
    trusted: true,
    /** Global (user) settings, by full key (`lava.servers`). */
    settings: new Map<string, unknown>(),
    messages: [] as ShownMessage[],
    quickPicks: [] as OfferedQuickPick[],
    inputBoxes: [] as AskedInput[],
    statusMessages: [] as string[],
    progress: [] as { title?: string; location: ProgressLocation; cancellable?: boolean }[],
    executed: [] as { command: string; args: unknown[] }[],
    commands: new Map<string, (...args: any[]) => unknown>(),
    opened: [] as string[],
    clipboard: '',
    channels: [] as FakeOutputChannel[],
    statusBarItems: [] as FakeStatusBarItem[],
    treeViews: [] as FakeTreeView[],
    diagnosticCollections: [] as FakeDiagnosticCollection[],
    contentProviders: new Map<string, any>(),
    codeLensProviders: [] as { selector: unknown; provider: any }[],
    symbolProviders: [] as { selector: unknown; provider: any }[],
    foldingProviders: [] as { selector: unknown; provider: any }[],
    documents: [] as FakeTextDocument[],
    visibleEditors: [] as FakeTextEditor[],
    activeEditor: undefined as FakeTextEditor | undefined,
    files: new Map<string, Uint8Array>(),
    answerMessage: (() => undefined) as MessageAnswer,
    answerQuickPick: (() => undefined) as QuickPickAnswer,
    answerInput: (() => undefined) as InputAnswer,
    untitled: 0,
    testControllers: [] as FakeTestController[],
  };
}

let state = freshState();

/** The test's handle on the fake. */
export const fake = {
  /** Forgets everything shown and registered; trusted workspace, no settings, every question dismissed. */
  reset(): void {
    state = freshState();
  },
  get messages(): readonly ShownMessage[] {
    return state.messages;
  },
  get quickPicks(): readonly OfferedQuickPick[] {
    return state.quickPicks;
  },
  get inputBoxes(): readonly AskedInput[] {
    return state.inputBoxes;
  },
  get statusMessages(): readonly string[] {
    return state.statusMessages;
  },
  get progress(): readonly { title?: string; location: ProgressLocation; cancellable?: boolean }[] {
    return state.progress;
  },
  get executed(): readonly { command: string; args: unknown[] }[] {
    return state.executed;
  },
  get opened(): readonly string[] {
    return state.opened;
  },
  get channels(): readonly FakeOutputChannel[] {
    return state.channels;
  },
  get statusBarItems(): readonly FakeStatusBarItem[] {
    return state.statusBarItems;
  },
  treeView(id: string): FakeTreeView | undefined {
    return state.treeViews.find((v) => v.id === id && !v.disposed);
  },
  get diagnosticCollections(): readonly FakeDiagnosticCollection[] {
    return state.diagnosticCollections;
  },
  get contentProviders(): ReadonlyMap<string, any> {
    return state.contentProviders;
  },
  testController(id: string): FakeTestController | undefined {
    return state.testControllers.find((c) => c.id === id && !c.disposed);
  },
  get files(): Map<string, Uint8Array> {
    return state.files;
  },
  channel(name: string): FakeOutputChannel | undefined {
    return state.channels.find((c) => c.name === name && !c.disposed);
  },
  /** Restricted Mode when false. Setting it true fires onDidGrantWorkspaceTrust. */
  setTrusted(trusted: boolean): void {
    const granted = trusted && !state.trusted;
    state.trusted = trusted;
    if (granted) state.events.trust.fire();
  },
  /** Sets a user setting (`lava.servers`) and fires onDidChangeConfiguration. */
  setSetting(key: string, value: unknown): void {
    if (value === undefined) state.settings.delete(key);
    else state.settings.set(key, value);
    state.events.configuration.fire({ affectsConfiguration: (section: string) => key === section || key.startsWith(`${section}.`) });
  },
  setting(key: string): unknown {
    return state.settings.get(key);
  },
  /** Answers each message: the title of the button to press, undefined to dismiss. */
  answerMessages(answer: MessageAnswer): void {
    state.answerMessage = answer;
  },
  /** Answers each quick pick: the item to pick (one of `items`), undefined to dismiss. */
  answerQuickPicks(answer: QuickPickAnswer): void {
    state.answerQuickPick = answer;
  },
  /** Answers each input box: the text typed, undefined to dismiss. */
  answerInputs(answer: InputAnswer): void {
    state.answerInput = answer;
  },
  /** Resolves with the first message (already shown or to come) that matches. */
  message(predicate: (m: ShownMessage) => boolean): Promise<ShownMessage> {
    const shown = state.messages.find(predicate);
    if (shown) return Promise.resolve(shown);
    const events = state.events;
    return new Promise((resolve) => {
      const d = events.shown.event((m) => {
        if (!predicate(m)) return;
        d.dispose();
        resolve(m);
      });
    });
  },
  /** Resolves with the first status bar message (already shown or to come) that matches. */
  statusMessage(predicate: (text: string) => boolean): Promise<string> {
    const shown = state.statusMessages.find(predicate);
    if (shown) return Promise.resolve(shown);
    const events = state.events;
    return new Promise((resolve) => {
      const d = events.status.event((text) => {
        if (!predicate(text)) return;
        d.dispose();
        resolve(text);
      });
    });
  },
  /** A document as VS Code would have it open (in `workspace.textDocuments`). */
  openDocument(uri: Uri | string, text: string, languageId = 'plaintext'): FakeTextDocument {
    const doc = new FakeTextDocument(typeof uri === 'string' ? Uri.parse(uri) : uri, text, languageId);
    state.documents.push(doc);
    state.events.openDocument.fire(doc);
    return doc;
  },
  closeDocument(doc: FakeTextDocument): void {
    doc.isClosed = true;
    state.documents = state.documents.filter((d) => d !== doc);
    state.visibleEditors = state.visibleEditors.filter((e) => e.document !== doc);
    state.events.closeDocument.fire(doc);
  },
  /** Shows a document in a visible (and active) editor. */
  showEditor(doc: FakeTextDocument): FakeTextEditor {
    const editor = new FakeTextEditor(doc);
    state.visibleEditors.push(editor);
    state.activeEditor = editor;
    state.events.visibleEditors.fire([...state.visibleEditors]);
    state.events.activeEditor.fire(editor);
    return editor;
  },
  get events() {
    return state.events;
  },
  /** Runs a registered command as the Command Palette would. */
  executeCommand<T>(command: string, ...args: unknown[]): Promise<T> {
    return commands.executeCommand(command, ...args) as Promise<T>;
  },
};

// ---------------------------------------------------------------------------------------------
// The namespaces

function showMessage(severity: ShownMessage['severity']) {
  return (message: string, ...rest: any[]): Promise<any> => {
    let options: { modal?: boolean; detail?: string } = {};
    if (rest.length && typeof rest[0] === 'object' && rest[0] !== null && !('title' in rest[0])) options = rest.shift();
    const items = rest.filter((r) => r !== undefined);
    const shown: ShownMessage = {
      severity,
      message,
      modal: options.modal === true,
      detail: options.detail,
      buttons: items.map((i) => (typeof i === 'string' ? i : i.title)),
    };
    state.messages.push(shown);
    const answerFn = state.answerMessage;
    state.events.shown.fire(shown);
    const answer = answerFn(shown);
    const chosen = items.find((i) => (typeof i === 'string' ? i : i.title) === answer);
    return Promise.resolve(chosen);
  };
}

function stableEvent(pick: (events: ReturnType<typeof freshEvents>) => EventEmitter<any>) {
  return (listener: Listener<any>, thisArg?: unknown, disposables?: { dispose(): unknown }[]) =>
    pick(state.events).event(listener, thisArg, disposables);
}

export const window = {
  createTreeView(id: string, options: { treeDataProvider: any }): FakeTreeView {
    const view = new FakeTreeView(id, options);
    state.treeViews.push(view);
    return view;
  },
  showInformationMessage: showMessage('information'),
  showWarningMessage: showMessage('warning'),
  showErrorMessage: showMessage('error'),
  async showQuickPick(items: any[] | Thenable<any[]>, options: any = {}): Promise<any> {
    const list = await items;
    state.quickPicks.push({ items: list, options });
    const picked = state.answerQuickPick(list, options);
    if (picked !== undefined && !list.includes(picked)) throw new Error('fake: the quick pick answer is not one of its items');
    return picked;
  },
  async showInputBox(options: any = {}): Promise<string | undefined> {
    const asked: AskedInput = { options };
    state.inputBoxes.push(asked);
    const answer = state.answerInput(options);
    if (answer !== undefined && options.validateInput) asked.validation = await options.validateInput(answer);
    return answer;
  },
  createQuickPick(): any {
    const accept = new EventEmitter<void>();
    const hide = new EventEmitter<void>();
    const changeValue = new EventEmitter<string>();
    const button = new EventEmitter<any>();
    const itemButton = new EventEmitter<any>();
    const pick: any = {
      items: [],
      selectedItems: [],
      activeItems: [],
      buttons: [],
      value: '',
      title: undefined,
      placeholder: undefined,
      busy: false,
      onDidAccept: accept.event,
      onDidHide: hide.event,
      onDidChangeValue: changeValue.event,
      onDidTriggerButton: button.event,
      onDidTriggerItemButton: itemButton.event,
      onDidChangeSelection: new EventEmitter<any>().event,
      onDidChangeActive: new EventEmitter<any>().event,
      show: () => {
        state.quickPicks.push({ items: pick.items, options: { title: pick.title, placeHolder: pick.placeholder, live: pick } });
        const picked = state.answerQuickPick(pick.items, { title: pick.title, placeHolder: pick.placeholder, live: pick });
        queueMicrotask(() => {
          if (picked === undefined) hide.fire();
          else {
            pick.selectedItems = [picked];
            pick.activeItems = [picked];
            accept.fire();
          }
        });
      },
      hide: () => hide.fire(),
      dispose: () => undefined,
    };
    return pick;
  },
  setStatusBarMessage(text: string, _hide?: unknown): Disposable {
    state.statusMessages.push(text);
    state.events.status.fire(text);
    return new Disposable(() => undefined);
  },
  async withProgress<R>(
    options: { location: ProgressLocation; title?: string; cancellable?: boolean },
    task: (progress: { report(value: unknown): void }, token: CancellationTokenSource['token']) => Thenable<R>,
  ): Promise<R> {
    state.progress.push(options);
    const source = new CancellationTokenSource();
    return task({ report: () => undefined }, source.token);
  },
  createOutputChannel(name: string, languageId?: string): FakeOutputChannel {
    const channel = new FakeOutputChannel(name, typeof languageId === 'string' ? languageId : undefined);
    state.channels.push(channel);
    return channel;
  },
  createStatusBarItem(id: string, alignment: StatusBarAlignment, priority?: number): FakeStatusBarItem {
    const item = new FakeStatusBarItem(id, alignment, priority);
    state.statusBarItems.push(item);
    return item;
  },
  get activeTextEditor(): FakeTextEditor | undefined {
    return state.activeEditor;
  },
  get visibleTextEditors(): FakeTextEditor[] {
    return [...state.visibleEditors];
  },
  async showTextDocument(doc: FakeTextDocument, _options?: unknown): Promise<FakeTextEditor> {
    return fake.showEditor(doc);
  },
  tabGroups: {
    get all(): { tabs: { input: unknown }[] }[] {
      return [{ tabs: state.visibleEditors.map((e) => ({ input: new TabInputText(e.document.uri) })) }];
    },
    onDidChangeTabs: stableEvent((e) => e.tabs),
  },
  onDidChangeVisibleTextEditors: stableEvent((e) => e.visibleEditors),
  onDidChangeActiveTextEditor: stableEvent((e) => e.activeEditor),
  onDidChangeTextEditorVisibleRanges: stableEvent((e) => e.visibleRanges),
};

function configuration(section?: string) {
  const full = (key: string) => (section ? `${section}.${key}` : key);
  return {
    get<T>(key: string, defaultValue?: T): T | undefined {
      return state.settings.has(full(key)) ? (state.settings.get(full(key)) as T) : defaultValue;
    },
    has(key: string): boolean {
      return state.settings.has(full(key));
    },
    inspect<T>(key: string): { key: string; globalValue?: T } | undefined {
      return { key: full(key), globalValue: state.settings.get(full(key)) as T | undefined };
    },
    async update(key: string, value: unknown, _target?: ConfigurationTarget): Promise<void> {
      fake.setSetting(full(key), value);
    },
  };
}

async function openTextDocument(arg?: Uri | string | { content?: string; language?: string }): Promise<FakeTextDocument> {
  if (arg instanceof Uri || typeof arg === 'string') {
    const uri = typeof arg === 'string' ? Uri.file(arg) : arg;
    const known = state.documents.find((d) => d.uri.toString() === uri.toString());
    if (known) return known;
    const provider = state.contentProviders.get(uri.scheme);
    let text: string;
    if (provider) text = (await provider.provideTextDocumentContent(uri, new CancellationTokenSource().token)) ?? '';
    else {
      const bytes = state.files.get(uri.toString());
      if (!bytes) throw new Error(`fake: cannot open ${uri.toString()}`);
      text = new TextDecoder().decode(bytes);
    }
    return fake.openDocument(uri, text, uri.path.endsWith('.yaml') || uri.path.endsWith('.yml') ? 'yaml' : 'plaintext');
  }
  const uri = Uri.from({ scheme: 'untitled', path: `Untitled-${++state.untitled}` });
  const doc = new FakeTextDocument(uri, arg?.content ?? '', arg?.language ?? 'plaintext', true);
  state.documents.push(doc);
  state.events.openDocument.fire(doc);
  return doc;
}

export const workspace = {
  get isTrusted(): boolean {
    return state.trusted;
  },
  get textDocuments(): FakeTextDocument[] {
    return [...state.documents];
  },
  workspaceFolders: undefined as unknown,
  getConfiguration: configuration,
  openTextDocument,
  registerTextDocumentContentProvider(scheme: string, provider: any): Disposable {
    state.contentProviders.set(scheme, provider);
    // Like VS Code: a provider's onDidChange makes open documents of its scheme ask again.
    const sub = provider.onDidChange?.(async (uri: Uri) => {
      const doc = state.documents.find((d) => d.uri.toString() === uri.toString());
      if (!doc) return;
      doc.setText((await provider.provideTextDocumentContent(uri, new CancellationTokenSource().token)) ?? '');
      state.events.changeDocument.fire({ document: doc, contentChanges: [] });
    });
    return new Disposable(() => {
      sub?.dispose();
      state.contentProviders.delete(scheme);
    });
  },
  async findFiles(): Promise<Uri[]> {
    return [...state.files.keys()].map((k) => Uri.parse(k));
  },
  asRelativePath(uri: Uri | string): string {
    return typeof uri === 'string' ? uri : uri.path;
  },
  fs: {
    async readFile(uri: Uri): Promise<Uint8Array> {
      const bytes = state.files.get(uri.toString());
      if (!bytes) throw Object.assign(new Error(`fake: no file ${uri.toString()}`), { code: 'FileNotFound' });
      return bytes;
    },
    async writeFile(uri: Uri, content: Uint8Array): Promise<void> {
      state.files.set(uri.toString(), content);
    },
    async stat(uri: Uri): Promise<{ type: number; size: number; ctime: number; mtime: number }> {
      const bytes = await workspace.fs.readFile(uri);
      return { type: 1, size: bytes.length, ctime: 0, mtime: 0 };
    },
  },
  onDidCloseTextDocument: stableEvent((e) => e.closeDocument),
  onDidOpenTextDocument: stableEvent((e) => e.openDocument),
  onDidSaveTextDocument: stableEvent((e) => e.save),
  onDidChangeTextDocument: stableEvent((e) => e.changeDocument),
  onDidChangeConfiguration: stableEvent((e) => e.configuration),
  onDidGrantWorkspaceTrust: stableEvent((e) => e.trust),
};

export const languages = {
  createDiagnosticCollection(name?: string): FakeDiagnosticCollection {
    const collection = new FakeDiagnosticCollection(name);
    state.diagnosticCollections.push(collection);
    return collection;
  },
  registerCodeLensProvider(selector: unknown, provider: any): Disposable {
    state.codeLensProviders.push({ selector, provider });
    return new Disposable(() => undefined);
  },
  registerDocumentSymbolProvider(selector: unknown, provider: any): Disposable {
    state.symbolProviders.push({ selector, provider });
    return new Disposable(() => undefined);
  },
  registerFoldingRangeProvider(selector: unknown, provider: any): Disposable {
    state.foldingProviders.push({ selector, provider });
    return new Disposable(() => undefined);
  },
  async setTextDocumentLanguage(doc: FakeTextDocument, languageId: string): Promise<FakeTextDocument> {
    doc.languageId = languageId;
    return doc;
  },
};

// ---------------------------------------------------------------------------------------------
// The Testing view (vscode.tests): controllers, items, runs — what src/vscode/testing uses.

export class Location {
  constructor(
    readonly uri: Uri,
    readonly range: Range,
  ) {}
}

export class TestMessage {
  location?: Location;
  constructor(readonly message: string | MarkdownString) {}
}

export enum TestRunProfileKind {
  Run = 1,
  Debug = 2,
  Coverage = 3,
}

export class TestRunRequest {
  constructor(
    readonly include?: readonly FakeTestItem[],
    readonly exclude?: readonly FakeTestItem[],
    readonly profile?: unknown,
  ) {}
}

export class FakeTestItemCollection {
  private readonly items = new Map<string, FakeTestItem>();
  constructor(private readonly parent: FakeTestItem | undefined) {}
  get size(): number {
    return this.items.size;
  }
  add(item: FakeTestItem): void {
    item.parent = this.parent;
    this.items.set(item.id, item);
  }
  delete(id: string): void {
    this.items.delete(id);
  }
  get(id: string): FakeTestItem | undefined {
    return this.items.get(id);
  }
  replace(items: readonly FakeTestItem[]): void {
    this.items.clear();
    for (const item of items) this.add(item);
  }
  forEach(callback: (item: FakeTestItem) => void): void {
    for (const item of [...this.items.values()]) callback(item);
  }
  [Symbol.iterator](): Iterator<[string, FakeTestItem]> {
    return this.items.entries();
  }
}

export class FakeTestItem {
  parent?: FakeTestItem;
  readonly children = new FakeTestItemCollection(this);
  description?: string;
  sortText?: string;
  range?: Range;
  error?: string;
  busy = false;
  canResolveChildren = false;
  tags: unknown[] = [];
  constructor(
    readonly id: string,
    public label: string,
    readonly uri?: Uri,
  ) {}
}

/** What a test run was told, per item id. */
export class FakeTestRun {
  readonly states = new Map<
    string,
    { state: 'enqueued' | 'started' | 'passed' | 'failed' | 'skipped' | 'errored'; durationMs?: number; messages?: TestMessage[] }
  >();
  output = '';
  ended = false;
  private readonly disposed = new EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;
  readonly token: CancellationTokenSource['token'];
  constructor(
    readonly request: TestRunRequest,
    readonly name: string | undefined,
    readonly persist: boolean,
    source = new CancellationTokenSource(),
  ) {
    this.token = source.token;
  }
  enqueued(item: FakeTestItem): void {
    this.states.set(item.id, { state: 'enqueued' });
  }
  started(item: FakeTestItem): void {
    this.states.set(item.id, { state: 'started' });
  }
  passed(item: FakeTestItem, durationMs?: number): void {
    this.states.set(item.id, { state: 'passed', durationMs });
  }
  failed(item: FakeTestItem, messages: TestMessage | readonly TestMessage[], durationMs?: number): void {
    this.states.set(item.id, { state: 'failed', durationMs, messages: ([] as TestMessage[]).concat(messages) });
  }
  errored(item: FakeTestItem, messages: TestMessage | readonly TestMessage[], durationMs?: number): void {
    this.states.set(item.id, { state: 'errored', durationMs, messages: ([] as TestMessage[]).concat(messages) });
  }
  skipped(item: FakeTestItem): void {
    this.states.set(item.id, { state: 'skipped' });
  }
  appendOutput(output: string): void {
    this.output += output;
  }
  end(): void {
    this.ended = true;
  }
}

export class FakeTestRunProfile {
  constructor(
    readonly label: string,
    readonly kind: TestRunProfileKind,
    readonly runHandler: (request: TestRunRequest, token: CancellationTokenSource['token']) => unknown,
    readonly isDefault?: boolean,
  ) {}
  dispose(): void {}
}

export class FakeTestController {
  readonly items = new FakeTestItemCollection(undefined);
  readonly runs: FakeTestRun[] = [];
  readonly profiles: FakeTestRunProfile[] = [];
  resolveHandler?: (item: FakeTestItem | undefined) => unknown;
  refreshHandler?: unknown;
  disposed = false;
  constructor(
    readonly id: string,
    readonly label: string,
  ) {}
  createTestItem(id: string, label: string, uri?: Uri): FakeTestItem {
    return new FakeTestItem(id, label, uri);
  }
  createTestRun(request: TestRunRequest, name?: string, persist = true): FakeTestRun {
    const run = new FakeTestRun(request, name, persist);
    this.runs.push(run);
    return run;
  }
  createRunProfile(
    label: string,
    kind: TestRunProfileKind,
    runHandler: FakeTestRunProfile['runHandler'],
    isDefault?: boolean,
  ): FakeTestRunProfile {
    const profile = new FakeTestRunProfile(label, kind, runHandler, isDefault);
    this.profiles.push(profile);
    return profile;
  }
  /** Every item under the controller, depth first. */
  all(): FakeTestItem[] {
    const out: FakeTestItem[] = [];
    const walk = (c: FakeTestItemCollection) =>
      c.forEach((i) => {
        out.push(i);
        walk(i.children);
      });
    walk(this.items);
    return out;
  }
  dispose(): void {
    this.disposed = true;
  }
}

export const tests = {
  createTestController(id: string, label: string): FakeTestController {
    const controller = new FakeTestController(id, label);
    state.testControllers.push(controller);
    return controller;
  },
};

export const commands = {
  registerCommand(command: string, callback: (...args: any[]) => unknown): Disposable {
    if (state.commands.has(command)) throw new Error(`command '${command}' already exists`);
    state.commands.set(command, callback);
    const commandsNow = state.commands;
    return new Disposable(() => {
      if (commandsNow.get(command) === callback) commandsNow.delete(command);
    });
  },
  /** Runs a registered command; one that is not (a built-in) is only recorded. */
  async executeCommand(command: string, ...args: unknown[]): Promise<unknown> {
    state.executed.push({ command, args });
    const callback = state.commands.get(command);
    return callback ? callback(...args) : undefined;
  },
};

export const env = {
  async openExternal(uri: Uri): Promise<boolean> {
    state.opened.push(uri.toString());
    return true;
  },
  clipboard: {
    async readText(): Promise<string> {
      return state.clipboard;
    },
    async writeText(text: string): Promise<void> {
      state.clipboard = text;
    },
  },
  uriScheme: 'vscode',
  appName: 'Fake VS Code',
};

/** SecretStorage in memory (ExtensionContext.secrets). */
export class FakeSecretStorage {
  readonly values = new Map<string, string>();
  private readonly changed = new EventEmitter<{ key: string }>();
  readonly onDidChange = this.changed.event;
  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }
  async store(key: string, value: string): Promise<void> {
    this.values.set(key, value);
    this.changed.fire({ key });
  }
  async delete(key: string): Promise<void> {
    this.values.delete(key);
    this.changed.fire({ key });
  }
}

/** A Memento in memory (ExtensionContext.workspaceState). */
export class FakeMemento {
  readonly values = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, defaultValue?: T): T | undefined {
    return this.values.has(key) ? (this.values.get(key) as T) : defaultValue;
  }
  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, value);
  }
}

// ---------------------------------------------------------------------------------------------
// Code actions (issue 23, offline diagnostics' quick fixes): the provider is called by the test.

export class CodeActionKind {
  static readonly QuickFix = new CodeActionKind('quickfix');
  constructor(readonly value: string) {}
}

export class WorkspaceEdit {
  readonly edits: { uri: Uri; range: Range; newText: string }[] = [];
  replace(uri: Uri, range: Range, newText: string): void {
    this.edits.push({ uri, range, newText });
  }
  insert(uri: Uri, position: Position, newText: string): void {
    this.edits.push({ uri, range: new Range(position, position), newText });
  }
}

export class CodeAction {
  edit?: WorkspaceEdit;
  diagnostics?: Diagnostic[];
  isPreferred?: boolean;
  constructor(
    readonly title: string,
    readonly kind?: CodeActionKind,
  ) {}
}

Object.assign(languages, {
  registerCodeActionsProvider(): Disposable {
    return new Disposable(() => undefined);
  },
});
