// A virtual MFA device's codes come from its seed and the time: a code is right only in its own 30-second window (AWS
// accepts little more). A computer whose clock is off computes codes AWS rejects with InvalidAuthenticationCode, while
// its API calls still work (the SDK corrects its signatures for a skewed clock). So when AWS rejects the codes, the
// local clock is compared with the Date header of AWS's answer, and the student is told by how much it is off.

/** Beyond this, the codes of the local clock are not the ones AWS expects. */
const TOLERANCE_SECONDS = 15;

/** The Date header of the answer an SDK error carries, if any. */
export function serviceDate(error: unknown): Date | undefined {
  const headers = (error as { $response?: { headers?: Record<string, string | undefined> } } | undefined)?.$response?.headers ?? {};
  const value = headers.date ?? headers.Date;
  const date = value ? new Date(value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

/** Why AWS refused the codes, as far as the clocks tell, and what to do. */
export function explainRejectedCodes(localMs: number, service: Date | undefined): { message: string; advice: string } {
  if (!service) {
    return {
      message: 'AWS rejected the two MFA codes (InvalidAuthenticationCode), and its answer did not say what time it is.',
      advice: "Codes depend on the time: check that your computer's clock is right to the second (set it to update automatically), then run the lab again.",
    };
  }
  const skew = Math.round((localMs - service.getTime()) / 1000);
  const serviceTime = service.toISOString().slice(11, 19);
  const localTime = new Date(localMs).toISOString().slice(11, 19);
  if (Math.abs(skew) <= TOLERANCE_SECONDS) {
    return {
      message: `AWS rejected the two MFA codes (InvalidAuthenticationCode), although your clock agrees with AWS's (within ${Math.abs(skew)} s).`,
      advice: "The codes must be two consecutive codes of this device's seed, sent at once. Run the lab again: the device is reused and new codes are computed.",
    };
  }
  const windows = Math.round(Math.abs(skew) / 30);
  return {
    message:
      `AWS rejected the two MFA codes (InvalidAuthenticationCode): your computer's clock is ${Math.abs(skew)} s ${skew > 0 ? 'ahead of' : 'behind'} AWS's ` +
      `(AWS answered at ${serviceTime} UTC when your clock said ${localTime} UTC), so the codes were computed for a time ${windows} 30-second window${windows === 1 ? '' : 's'} off.`,
    advice:
      'Set the clock right and let it update itself (Linux: `timedatectl set-ntp true`; macOS: System Settings → General → Date & Time → "Set time and date automatically"; ' +
      'Windows: Settings → Time & language → Date & time → "Sync now"), then run the lab again: the device is reused. Your phone\'s clock matters as much for its authenticator app.',
  };
}
