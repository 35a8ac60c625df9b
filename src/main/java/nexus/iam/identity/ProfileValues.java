package nexus.iam.identity;

import org.jspecify.annotations.Nullable;

/**
 * What an e-mail address and a display name may be, checked where they enter (a sign-in hint, a
 * provider's claims, a web-hook), so that nothing unreadable reaches PostgreSQL, a log line or an
 * e-mail. Addresses: RFC 5322 {@code dot-atom@dot-atom} with internationalised letters (RFC 6531),
 * at most 254 characters with a local part of at most 64, a domain of at least two labels. Names:
 * at most {@value #MAX_NAME} characters, no control, bidirectional formatting, line or paragraph
 * separator, private-use, unassigned or lone surrogate characters.
 */
public final class ProfileValues {

	/** RFC 5321 section 4.5.3.1.3 bounds a path to 256 octets, brackets included. */
	public static final int MAX_EMAIL = 254;

	public static final int MAX_NAME = 200;

	private static final String ATEXT_SYMBOLS = "!#$%&'*+/=?^_`{|}~-";

	private ProfileValues() {
	}

	/** Whether the text is an e-mail address this service stores and sends to. */
	public static boolean isEmailAddress(@Nullable String text) {
		if (text == null || text.isEmpty() || text.length() > MAX_EMAIL) {
			return false;
		}
		int at = text.lastIndexOf('@');
		if (at < 1 || at > 64 || text.indexOf('@') != at) {
			return false;
		}
		return isDotAtom(text, 0, at, false) && isDotAtom(text, at + 1, text.length(), true)
				&& text.indexOf('.', at) > 0;
	}

	/** Whether the text may be stored and shown as a person's name. */
	public static boolean isDisplayName(@Nullable String text) {
		if (text == null || text.isBlank() || text.codePointCount(0, text.length()) > MAX_NAME) {
			return false;
		}
		return text.codePoints().allMatch(ProfileValues::isNameCodePoint);
	}

	/** The name if it passes {@link #isDisplayName}, else null: for values nobody is asked to fix. */
	public static @Nullable String displayNameOrNull(@Nullable String text) {
		return isDisplayName(text) ? text.strip() : null;
	}

	/** The address if it passes {@link #isEmailAddress}, else null. */
	public static @Nullable String emailAddressOrNull(@Nullable String text) {
		return isEmailAddress(text) ? text : null;
	}

	/** Atoms separated by single dots; a domain's atoms are labels (letters, digits, inner hyphens). */
	private static boolean isDotAtom(String text, int start, int end, boolean domain) {
		int atomStart = start;
		for (int i = start; i <= end; i++) {
			if (i == end || text.charAt(i) == '.') {
				if (i == atomStart || (domain && !isLabel(text, atomStart, i))) {
					return false;
				}
				atomStart = i + 1;
				continue;
			}
			int c = text.codePointAt(i);
			boolean allowed = Character.isLetterOrDigit(c) || (!domain && c < 0x80 && ATEXT_SYMBOLS.indexOf(c) >= 0) || (domain && c == '-');
			if (!allowed) {
				return false;
			}
			if (Character.isSupplementaryCodePoint(c)) {
				i++;
			}
		}
		return true;
	}

	private static boolean isLabel(String text, int start, int end) {
		return end - start <= 63 && text.charAt(start) != '-' && text.charAt(end - 1) != '-';
	}

	private static boolean isNameCodePoint(int c) {
		return switch (Character.getType(c)) {
			case Character.CONTROL, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.UNASSIGNED,
					Character.SURROGATE, Character.PRIVATE_USE -> false;
			// joiners stay (Persian names, emoji); marks that reorder the text around them do not
			case Character.FORMAT -> !isBidiControl(c);
			default -> true;
		};
	}

	private static boolean isBidiControl(int c) {
		return c == 0x061c || c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
	}
}
