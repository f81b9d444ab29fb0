// A generated log-tail log for the demo: boot-like text with multi-byte
// characters ("é", "✓", "🚀") and one very long line.
import { mulberry32 } from './growingLog';

export function demoLog(lines = 1200, seed = 7): Buffer {
  const rnd = mulberry32(seed);
  const out: string[] = [];
  const words = ['kernel', 'réseau', 'café', 'naïve', 'systemd', 'mount', 'udev', 'probe', 'clé', 'données'];
  for (let i = 0; i < lines; i++) {
    const t = (i * 0.2).toFixed(6).padStart(12);
    const w = Array.from({ length: 3 + Math.floor(rnd() * 6) }, () => words[Math.floor(rnd() * words.length)]).join(' ');
    if (i === lines >> 1) out.push(`[${t}] long line: ${'0123456789abcdef—é'.repeat(350)}`);
    else if (i % 50 === 49) out.push(`[${t}] 🚀 step ${i + 1}/${lines} ✓ ${w}`);
    else out.push(`[${t}] ${w}${i % 7 === 0 ? ' ✓ ok' : ''}`);
  }
  out.push('Job finished: Complete ✓');
  return Buffer.from(out.join('\n') + '\n', 'utf8');
}
