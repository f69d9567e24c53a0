// Highlighted code gives each coloured token a short class (`t0`, `t1`, …), one per colour the code uses, instead of
// an inline style on every token: the classes' CSS, a light-dark() pair each, is written once into the app's
// stylesheet (`virtual:code-colours.css`), and text in the block's own colour needs no element at all.

/** The CSS of one token as shiki gives it (`color`, maybe `font-style`), without its `--shiki-*` variables. */
export type TokenStyle = Readonly<Record<string, string>>;

export class CodeColours {
  private readonly classes = new Map<string, string>();
  private foreground = '';

  /** The class of a token's style, or undefined for a token in the block's own colour (`foreground`). */
  classOf(style: TokenStyle, foreground: string): string | undefined {
    this.foreground ||= foreground;
    const declarations = Object.entries(style)
      .filter(([property]) => !property.startsWith('--'))
      .map(([property, value]) => `${property}:${value}`)
      .join(';');
    if (declarations === '' || declarations.toLowerCase() === `color:${foreground}`.toLowerCase()) return undefined;
    let name = this.classes.get(declarations);
    if (name === undefined) {
      name = `t${this.classes.size}`;
      this.classes.set(declarations, name);
    }
    return name;
  }

  /** The block's colour and every class handed out so far. */
  css(): string {
    const block = this.foreground ? `.shiki{color:${this.foreground}}\n` : '';
    return block + [...this.classes].map(([declarations, name]) => `.shiki .${name}{${declarations}}\n`).join('');
  }
}
