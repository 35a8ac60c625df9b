package nexus.iam.secrets;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import nexus.iam.secrets.SecretsException.Reason;

/**
 * Decrypts a file written by sops (<a href="https://github.com/getsops/sops">getsops/sops</a>)
 * in memory, as {@code sops decrypt} does: the data key from an age recipient, every value with
 * AES-256-GCM under its key path, then the MAC, a SHA-512 over the values in file order, which
 * must match the stored one. A value that is not encrypted where it must be, a value that fails
 * authentication, a missing MAC or a MAC that does not match ends the decryption: nothing of a
 * file that fails is returned.
 */
final class SopsFile {

	/** SHA-256 of "sops": starts the MAC of files with {@code mac_only_encrypted}. */
	private static final byte[] MAC_ONLY_ENCRYPTED_INITIALIZATION = HexFormat.of()
		.parseHex("8a3fd2ad54ce66527b1034f3d147be0b0b975b3bf44f72c6fdadec8176f27d69");

	static final long MAX_BYTES = 1024 * 1024;

	private final String file;

	private final SopsMetadata metadata;

	private final byte[] key;

	private final MessageDigest mac;

	private SopsFile(String file, SopsMetadata metadata, byte[] key) {
		this.file = file;
		this.metadata = metadata;
		this.key = key;
		try {
			this.mac = MessageDigest.getInstance("SHA-512");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
		if (metadata.macOnlyEncrypted()) {
			this.mac.update(MAC_ONLY_ENCRYPTED_INITIALIZATION);
		}
	}

	/** The decrypted values in file order: maps, lists, strings, longs, doubles, booleans, nulls. */
	static Map<String, Object> decrypt(Path path, AgeIdentities identities) {
		String file = path.toString();
		SopsFormat.Document document = SopsFormat.of(path).load(read(path), file);
		SopsMetadata metadata = SopsMetadata.of(document.metadata(), file);
		byte[] key = identities.dataKey(metadata.ageKeys(), file);
		try {
			SopsFile decryption = new SopsFile(file, metadata, key);
			Map<String, Object> plain = decryption.branch(document.data(), new ArrayList<>());
			decryption.verifyMac();
			return plain;
		}
		finally {
			Arrays.fill(key, (byte) 0);
		}
	}

	static String read(Path file) {
		try {
			if (Files.size(file) > MAX_BYTES) {
				throw new SecretsException(Reason.MALFORMED, file + " is larger than 1 MiB");
			}
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (CharacterCodingException ex) {
			throw new SecretsException(Reason.UNREADABLE, file + " is not UTF-8 text");
		}
		catch (IOException ex) {
			throw new SecretsException(Reason.UNREADABLE, file + " cannot be read (" + ex.getClass().getSimpleName() + ")");
		}
	}

	private Map<String, Object> branch(Map<String, Object> encrypted, List<String> path) {
		Map<String, Object> plain = new LinkedHashMap<>();
		encrypted.forEach((name, value) -> {
			path.add(name);
			plain.put(name, value(value, path));
			path.removeLast();
		});
		return plain;
	}

	/** sops's {@code walkValue}: list items share their list's key path. */
	@SuppressWarnings("unchecked")
	private @Nullable Object value(@Nullable Object value, List<String> path) {
		return switch (value) {
			case null -> null;
			case Map<?, ?> map -> branch((Map<String, Object>) map, path);
			case List<?> list -> {
				List<Object> items = new ArrayList<>();
				list.forEach((item) -> items.add(value(item, path)));
				yield items;
			}
			default -> leaf(value, path);
		};
	}

	private Object leaf(Object value, List<String> path) {
		boolean encrypted = this.metadata.rule().encrypts(path);
		Object plain;
		byte[] macBytes;
		if (encrypted) {
			if (!(value instanceof String text)) {
				throw new SecretsException(Reason.TAMPERED, this.file + ": the value of " + String.join(":", path)
						+ " is not encrypted, but the file's rules say it must be");
			}
			try {
				SopsCipher.Plain decrypted = SopsCipher.decrypt(text, this.key, String.join(":", path) + ":");
				plain = decrypted.value();
				macBytes = decrypted.macBytes();
			}
			catch (SopsCipher.UndecryptableException ex) {
				throw new SecretsException(Reason.TAMPERED, this.file + ": the value of " + String.join(":", path) + " "
						+ ex.getMessage() + ": the file was changed after sops wrote it, or is damaged");
			}
		}
		else {
			plain = value;
			macBytes = SopsCipher.macBytes(value);
		}
		if (!this.metadata.macOnlyEncrypted() || encrypted) {
			this.mac.update(macBytes);
		}
		return plain;
	}

	private void verifyMac() {
		if (this.metadata.mac().isEmpty()) {
			throw new SecretsException(Reason.MAC_MISSING,
					this.file + " has no sops MAC, so its integrity cannot be checked: re-encrypt it with sops");
		}
		byte[] computed = HexFormat.of().withUpperCase().formatHex(this.mac.digest()).getBytes(StandardCharsets.US_ASCII);
		byte[] stored;
		try {
			stored = SopsCipher.decrypt(this.metadata.mac(), this.key, this.metadata.macAdditionalData()).macBytes();
		}
		catch (SopsCipher.UndecryptableException ex) {
			throw new SecretsException(Reason.MAC_MISMATCH, this.file + ": its sops MAC " + ex.getMessage()
					+ " (was mac or lastmodified changed?): the file was changed after sops wrote it, or is damaged");
		}
		if (!MessageDigest.isEqual(computed, stored)) {
			throw new SecretsException(Reason.MAC_MISMATCH, this.file + ": its values do not match its sops MAC:"
					+ " a value was changed, added, removed or moved after sops wrote the file");
		}
	}
}
