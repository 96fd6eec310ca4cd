// The one exception the data service throws for unusable input (as opposed to per-clip problems,
// which are listed and skipped). Callers switch on `code`; `message` names the folder or file.
import { CodedError } from '../../shared/errors/coded-error';

/** Why a dataset could not be imported or built. */
export type DatasetErrorCode =
  | 'folder_not_found'
  | 'empty_dataset'
  | 'unknown_format'
  | 'bad_manifest'
  | 'bad_label_mapping'
  | 'bad_split'
  | 'nothing_to_build';

export class DatasetError extends CodedError<DatasetErrorCode> {}
