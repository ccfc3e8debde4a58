// Inline SVG icons (no font or image requests from the page).

const NS = 'http://www.w3.org/2000/svg';

function icon(path: string): SVGSVGElement {
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  const p = document.createElementNS(NS, 'path');
  p.setAttribute('d', path);
  svg.append(p);
  return svg;
}

export const chatIcon = (): SVGSVGElement => icon('M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z');
export const closeIcon = (): SVGSVGElement => icon('M6 6l12 12M18 6L6 18');
export const sendIcon = (): SVGSVGElement => icon('M3 20l18-8L3 4v6l12 2-12 2z');
export const clipIcon = (): SVGSVGElement =>
  icon('M16.5 6.5v10a4.5 4.5 0 0 1-9 0V5a3 3 0 0 1 6 0v10.5a1.5 1.5 0 0 1-3 0V6.5H9v9a3 3 0 0 0 6 0V5a4.5 4.5 0 0 0-9 0v11.5a6 6 0 0 0 12 0v-10z');
