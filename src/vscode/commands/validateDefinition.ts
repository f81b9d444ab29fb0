import { LoopDeps } from '../workflows/restActions';
import { definitionDocument } from '../views/definitionDocument';
import { validateDocument } from '../workflows/validateDocument';

/** LAVA: Validate Job Definition — the CodeLens's document, the active editor, or a picked file. */
export async function validateDefinitionCommand(deps: LoopDeps, arg?: unknown): Promise<void> {
  const doc = await definitionDocument(arg, 'validate');
  if (!doc) return;
  await validateDocument(deps, doc, { interactive: true, isLatest: () => true });
}
