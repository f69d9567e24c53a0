// The path signed as sent: every service but S3 wants it encoded once more.
import { normalizePath } from '../../../solutions/sign-request/signer.js';
import { signerWith } from './wrong-signers.js';

export const { signRequest } = signerWith({ canonicalUri: normalizePath });
