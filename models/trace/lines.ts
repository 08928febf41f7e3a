// The lines of a text, visited in place: JSONL traces and one-number-per-line sample files.

/** One line per `next()`: without its CR/LF, numbered from 1; a leading BOM is dropped. */
export class Lines {
  /** The current line's 1-based number. */
  number = 0;
  private readonly text: string;
  private start = 0;
  private end = 0;
  private following: number;

  constructor(text: string) {
    this.text = text;
    this.following = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  }

  /** Moves to the next line; false at the end of the text. */
  next(): boolean {
    const text = this.text;
    if (this.following >= text.length) return false;
    let end = text.indexOf('\n', this.following);
    if (end < 0) end = text.length;
    this.start = this.following;
    this.end = end > this.start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    this.following = end + 1;
    this.number++;
    return true;
  }

  line(): string {
    return this.text.slice(this.start, this.end);
  }

  /** Whether the line is empty or white space; decided without a copy when it starts with a visible ASCII character. */
  blank(): boolean {
    const c = this.text.charCodeAt(this.start);
    if (this.start < this.end && c > 32 && c < 127) return false;
    return this.line().trim() === '';
  }
}
