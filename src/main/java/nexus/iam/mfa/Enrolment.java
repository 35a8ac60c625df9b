package nexus.iam.mfa;

/**
 * What an authenticator app needs to be set up: shown to the user only, never logged.
 *
 * @param secret the shared secret in base32, for typing it in
 * @param otpauthUri the {@code otpauth://totp/…} URI (Key Uri Format) the QR code holds
 * @param qrPng the QR code as a {@code data:image/png;base64,…} URL
 */
public record Enrolment(String secret, String otpauthUri, String qrPng) {

	@Override
	public String toString() {
		return "Enrolment[…]";
	}
}
