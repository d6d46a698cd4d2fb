// Demo product photos, drawn locally: a soft background in a colour of the product's own, a
// simple shape for its category, and its name. No network, no stock photos.
const palettes = [
  ['#e8efe9', '#2f6b4f'],
  ['#eef0f7', '#3b4a8c'],
  ['#f7efe6', '#a0522d'],
  ['#f3e9ef', '#8c3b6a'],
  ['#eaf3f6', '#1f6f8b'],
  ['#f5f3e6', '#7a6a1f'],
];

const shapes: Record<string, string> = {
  circle: '<circle cx="800" cy="700" r="380" />',
  square: '<rect x="440" y="340" width="720" height="720" rx="60" />',
  tall: '<rect x="560" y="240" width="480" height="920" rx="200" />',
  wide: '<rect x="300" y="460" width="1000" height="480" rx="120" />',
};

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function productArt(title: string, index: number, shape: keyof typeof shapes = 'circle'): string {
  const [background, ink] = palettes[index % palettes.length]!;
  const words = title.split(' ');
  const lines = words.length > 2 ? [words.slice(0, 2).join(' '), words.slice(2).join(' ')] : [title];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="1600" viewBox="0 0 1600 1600">
  <rect width="1600" height="1600" fill="${background}"/>
  <g fill="${ink}" fill-opacity="0.85">${shapes[shape]}</g>
  ${lines
    .map(
      (line, i) =>
        `<text x="800" y="${1300 + i * 110}" font-family="DejaVu Sans, Arial, sans-serif" font-size="92" font-weight="700" text-anchor="middle" fill="${ink}">${escapeXml(line)}</text>`,
    )
    .join('\n  ')}
</svg>`;
}
