package nexus.iam.secrets;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One SOPS value, {@code ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]}: AES-256-GCM under the file's
 * data key, a 32-byte IV, a 128-bit tag, and as additional data the value's key path (each key
 * followed by {@code :}) or, for the MAC, the file's {@code lastmodified}. Follows the decryption
 * of sops's {@code aes/cipher.go}, including how each type is turned into the bytes the MAC covers.
 */
final class SopsCipher {

	private static final Pattern ENCRYPTED = Pattern.compile("ENC\\[AES256_GCM,data:(.+),iv:(.+),tag:(.+),type:(.+)\\]");

	static final int TAG_BITS = 128;

	private SopsCipher() {
	}

	/** A decrypted value: what it means, and the bytes sops hashes into the MAC for it. */
	record Plain(Object value, byte[] macBytes) {
	}

	/** Thrown when a value is not in the {@code ENC[…]} form or fails authentication. */
	static final class UndecryptableException extends Exception {

		UndecryptableException(String message) {
			super(message);
		}
	}

	static boolean looksEncrypted(String value) {
		return ENCRYPTED.matcher(value).lookingAt();
	}

	static Plain decrypt(String value, byte[] key, String additionalData) throws UndecryptableException {
		if (value.isEmpty()) {
			// sops leaves empty strings as they are
			return new Plain("", new byte[0]);
		}
		Matcher parts = ENCRYPTED.matcher(value);
		if (!parts.lookingAt()) {
			throw new UndecryptableException("is not encrypted (not in sops's ENC[AES256_GCM,…] form)");
		}
		byte[] plain;
		try {
			Base64.Decoder base64 = Base64.getDecoder();
			byte[] data = base64.decode(parts.group(1));
			byte[] iv = base64.decode(parts.group(2));
			byte[] tag = base64.decode(parts.group(3));
			byte[] sealed = new byte[data.length + tag.length];
			System.arraycopy(data, 0, sealed, 0, data.length);
			System.arraycopy(tag, 0, sealed, data.length, tag.length);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, iv));
			cipher.updateAAD(additionalData.getBytes(StandardCharsets.UTF_8));
			plain = cipher.doFinal(sealed);
		}
		catch (IllegalArgumentException ex) {
			throw new UndecryptableException("is not valid base64 inside ENC[…]");
		}
		catch (GeneralSecurityException ex) {
			throw new UndecryptableException("fails AES-GCM authentication");
		}
		return typed(plain, parts.group(4));
	}

	private static Plain typed(byte[] plain, String type) throws UndecryptableException {
		String text = new String(plain, StandardCharsets.UTF_8);
		try {
			return switch (type) {
				case "str" -> new Plain(text, plain);
				case "int" -> {
					long number = Long.parseLong(text);
					yield new Plain(number, ascii(Long.toString(number)));
				}
				case "float" -> {
					double number = Double.parseDouble(text);
					yield new Plain(number, ascii(formatFloat(number)));
				}
				case "bool" -> {
					boolean flag = parseBool(text);
					yield new Plain(flag, ascii(flag ? "True" : "False"));
				}
				case "bytes" -> new Plain(plain.clone(), plain);
				// a Go time.Time written by MarshalText; its text round-trips unchanged
				case "time" -> new Plain(text, plain);
				default -> throw new UndecryptableException("has an unknown type '" + type + "'");
			};
		}
		catch (NumberFormatException ex) {
			throw new UndecryptableException("does not hold a valid " + type);
		}
	}

	/** The bytes sops hashes into the MAC for a value that is stored unencrypted. */
	static byte[] macBytes(Object value) {
		return switch (value) {
			case String text -> text.getBytes(StandardCharsets.UTF_8);
			case Long number -> ascii(number.toString());
			case Double number -> ascii(formatFloat(number));
			case Boolean flag -> ascii(flag ? "True" : "False");
			case byte[] bytes -> bytes;
			default -> throw new IllegalArgumentException("no MAC form for a " + value.getClass().getSimpleName());
		};
	}

	/** Go's {@code strconv.FormatFloat(f, 'f', -1, 64)}: the shortest decimal, never an exponent. */
	static String formatFloat(double number) {
		if (Double.isNaN(number)) {
			return "NaN";
		}
		if (Double.isInfinite(number)) {
			return number > 0 ? "+Inf" : "-Inf";
		}
		if (number == 0) {
			return (Double.doubleToRawLongBits(number) < 0) ? "-0" : "0";
		}
		// Double.toString is the shortest representation that round-trips (JDK 19 and later)
		return new BigDecimal(Double.toString(number)).stripTrailingZeros().toPlainString();
	}

	/** Go's {@code strconv.ParseBool}. */
	private static boolean parseBool(String text) {
		return switch (text) {
			case "1", "t", "T", "TRUE", "true", "True" -> true;
			case "0", "f", "F", "FALSE", "false", "False" -> false;
			default -> throw new NumberFormatException();
		};
	}

	static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}
}
