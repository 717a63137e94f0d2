/** What a rule answers: pass, or a refusal with the message a person reads. */
export type Verdict = { pass: true } | { pass: false; message: string };

export const PASS: Verdict = { pass: true };
export const refuse = (message: string): Verdict => ({ pass: false, message });
