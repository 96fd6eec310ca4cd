// Typed failures of the reward server, each with the HTTP status it is answered with.
import { CodedError } from '../../shared/errors/coded-error';

export type RewardServerErrorCode =
  | 'unauthorized'
  | 'not_found'
  | 'method_not_allowed'
  | 'unsupported_media_type'
  | 'body_too_large'
  | 'malformed_json'
  | 'invalid_request'
  | 'scoring_failed'
  | 'bad_option';

const STATUS: Record<RewardServerErrorCode, number> = {
  unauthorized: 401,
  not_found: 404,
  method_not_allowed: 405,
  unsupported_media_type: 415,
  body_too_large: 413,
  malformed_json: 400,
  invalid_request: 400,
  scoring_failed: 422,
  bad_option: 400,
};

export class RewardServerError extends CodedError<RewardServerErrorCode> {
  get status(): number {
    return STATUS[this.code];
  }
}
