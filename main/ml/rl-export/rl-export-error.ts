// Typed failures of `export-rl`: what was wrong with the dataset or the options, in words.
import { CodedError } from '../../../shared/errors/coded-error';

export type RlExportErrorCode = 'dataset_missing' | 'dataset_invalid' | 'bad_option' | 'write_failed';

export class RlExportError extends CodedError<RlExportErrorCode> {}
