"""The English messages, key → template (see ``docgen.messages`` for how to add one)."""

MESSAGES: dict[str, str] = {
    # errors.py
    "errors.validation_failed": "validation failed",
    # docgen/finalize/sign.py
    "sign.p12.unreadable": "cannot read the certificate file: {strerror}",
    "sign.p12.no_password": "no certificate password given: {env} is not set and there is no terminal to ask at",
    "sign.p12.no_password.hint": "put the password in {env} (or name the variable with --password-env), or run in a terminal",
    "sign.p12.wrong_password": "cannot open the certificate: wrong password, or not a PKCS#12 (.p12/.pfx) file",
    "sign.p12.wrong_password.hint": "put the password in the environment variable {env}, or type it when asked",
    "sign.pdf.damaged": "cannot read the PDF (damaged, or not a PDF): {error}",
    "sign.pdf.no_seal": "the PDF has no seal image to place a visible signature over",
    "sign.pdf.no_seal.hint": "drop --visible, or render a sealed final document first",
    "sign.tsa.no_timestamp": "no timestamp from the TSA at {timestamp_url} ({error_type}: {error})",
    "sign.tsa.no_timestamp.hint": "check the URL and the network, or sign without --timestamp (PAdES-B, no trusted time)",
    "sign.pdf.unreadable": "cannot read the PDF: {strerror}",
    "sign.pdf.draft_refused": "not a final document (the PDF has no final marker): a draft is not signed",
    "sign.pdf.draft_refused.hint": "render it with docgen render --final first; add --allow-draft to sign it anyway",
    "sign.folder.no_pdf": "the folder holds no PDF",
    "sign.pdf.manifest_mismatch": "the PDF differs from the one the manifest records; not signing",
    "sign.pdf.manifest_mismatch.hint": "check with docgen verify, or render the final document again",
}
