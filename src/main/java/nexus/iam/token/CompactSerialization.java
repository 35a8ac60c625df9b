package nexus.iam.token;

/**
 * RFC 7515 section 7.1: a compact JWS is three parts of unpadded base64url (RFC 4648 section 5)
 * joined by dots. Only that spelling is accepted, and only the canonical one: the unused low bits
 * of a part's last character must be zero. Decoders are lenient (padding, {@code +} and {@code /},
 * any last character that decodes to the same bytes), so one token would otherwise have many
 * spellings, and a deny-list, a cache or a log keyed by the text would see different tokens.
 */
final class CompactSerialization {

	private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

	private CompactSerialization() {
	}

	/** Whether the text is exactly three canonical, unpadded base64url parts. */
	static boolean isCanonicalJws(String token) {
		int first = token.indexOf('.');
		int second = (first < 0) ? -1 : token.indexOf('.', first + 1);
		if (second < 0 || token.indexOf('.', second + 1) >= 0) {
			return false;
		}
		return isCanonicalPart(token, 0, first) && isCanonicalPart(token, first + 1, second)
				&& isCanonicalPart(token, second + 1, token.length());
	}

	private static boolean isCanonicalPart(String token, int start, int end) {
		int length = end - start;
		if (length == 0) {
			return true; // no bytes: an unsigned JWS's signature, which verification refuses
		}
		if (length % 4 == 1) {
			return false;
		}
		for (int i = start; i < end; i++) {
			if (ALPHABET.indexOf(token.charAt(i)) < 0) {
				return false;
			}
		}
		// 2 characters carry 12 bits for one byte, 3 carry 18 for two: the rest must be zero
		int last = ALPHABET.indexOf(token.charAt(end - 1));
		return switch (length % 4) {
			case 2 -> (last & 0x0f) == 0;
			case 3 -> (last & 0x03) == 0;
			default -> true;
		};
	}
}
