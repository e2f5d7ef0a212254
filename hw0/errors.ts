/**
 * Errors hw0 throws, in the style of the library's own (ndarray/errors.ts): a stable `code`
 * and a message that names what went wrong and where. This file ships to students complete.
 */
import { KitError } from "#ndarray";

/**
 * A file that is not the IDX file it should be: a wrong magic number, a header or data
 * shorter than the header promises, bytes left over after the data, or a broken gzip
 * stream. The message starts with the file's name, so a user knows which download to fix:
 *
 *   train-images-idx3-ubyte.gz: magic number 0x00000801 is not that of an IDX file of 3-d unsigned bytes (expected 0x00000803)
 */
export class IdxFormatError extends KitError {
  constructor(
    readonly source: string,
    detail: string,
  ) {
    super("E_IDX_FORMAT", `${source}: ${detail}`);
  }
}
