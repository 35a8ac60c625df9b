package nexus.iam.secrets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.exceptionfactory.jagged.RecipientStanzaWriter;
import com.exceptionfactory.jagged.framework.armor.ArmoredEncryptingChannelFactory;
import com.exceptionfactory.jagged.x25519.X25519KeyPairGenerator;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaWriterFactory;

/**
 * Writes files in sops's format (sops 3.9 and later: dotenv and YAML, age recipients, the default
 * {@code _unencrypted} suffix), for the tests and for the example file shipped in ops/secrets: the
 * project has no sops binary to make them. Mirrors {@code Tree.Encrypt} in sops's {@code sops.go}:
 * a random 32-byte data key, each value AES-256-GCM encrypted under its key path, a SHA-512 MAC
 * over the plaintext values in order, encrypted with {@code lastmodified} as additional data, and
 * the data key age-encrypted (armored) to each recipient. The decryptor is proven against files
 * the real sops wrote ({@code SopsFileTests}); these files pass the same decryptor.
 *
 * <p>Run {@code main} to encrypt a plain dotenv file:
 * {@code ./mvnw -q test-compile org.codehaus.mojo:exec-maven-plugin:3.6.1:java -Dexec.classpathScope=test
 * -Dexec.mainClass=nexus.iam.secrets.SopsWriter -Dexec.args="plain.env out.enc.env age1…"}.
 */
public final class SopsWriter {

	static final String FORMAT_VERSION = "3.9.0";

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final DateTimeFormatter RFC_3339 = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX")
		.withZone(ZoneOffset.UTC);

	private final byte[] dataKey = new byte[32];

	private final MessageDigest mac;

	private final Instant lastModified = Instant.now().truncatedTo(ChronoUnit.SECONDS);

	private final boolean macOnlyEncrypted;

	private SopsWriter(boolean macOnlyEncrypted) {
		RANDOM.nextBytes(this.dataKey);
		this.macOnlyEncrypted = macOnlyEncrypted;
		try {
			this.mac = MessageDigest.getInstance("SHA-512");
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
		if (macOnlyEncrypted) {
			// sops.go's MACOnlyEncryptedInitialization: SHA-256 of "sops"
			this.mac.update(HexFormat.of().parseHex("8a3fd2ad54ce66527b1034f3d147be0b0b975b3bf44f72c6fdadec8176f27d69"));
		}
	}

	/** An age X25519 key pair: the identity ({@code AGE-SECRET-KEY-1…}) and its recipient ({@code age1…}). */
	record AgeKey(String identity, String recipient) {

		static AgeKey generate() {
			try {
				KeyPair pair = new X25519KeyPairGenerator().generateKeyPair();
				return new AgeKey(pair.getPrivate().toString(), pair.getPublic().toString());
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
		}

		/** The key file age-keygen would write. */
		String keyFile() {
			return "# public key: " + this.recipient + "\n" + this.identity + "\n";
		}
	}

	/** A sops dotenv file of these variables, encrypted to the recipients. */
	static String dotenv(Map<String, String> variables, String... recipients) {
		return dotenv(false, variables, recipients);
	}

	/** The same with {@code mac_only_encrypted}: the MAC covers only the encrypted values. */
	static String dotenv(boolean macOnlyEncrypted, Map<String, String> variables, String... recipients) {
		SopsWriter writer = new SopsWriter(macOnlyEncrypted);
		StringBuilder out = new StringBuilder();
		variables.forEach((name, value) -> out.append(name)
			.append('=')
			.append(writer.leaf(value, List.of(name)).replace("\n", "\\n"))
			.append('\n'));
		Map<String, String> metadata = writer.metadata(recipients);
		metadata.forEach((key, value) -> out.append("sops_").append(key).append('=')
			.append(value.replace("\n", "\\n")).append('\n'));
		return out.toString();
	}

	/** A sops YAML file of these values (strings or nested maps of strings), encrypted to the recipients. */
	static String yaml(Map<String, Object> values, String... recipients) {
		SopsWriter writer = new SopsWriter(false);
		StringBuilder out = new StringBuilder();
		writer.yamlBranch(values, new ArrayList<>(), 0, out);
		String[] recipientList = recipients;
		List<String> ageEntries = new ArrayList<>();
		for (String recipient : recipientList) {
			ageEntries.add(writer.ageEncrypt(recipient));
		}
		String mac = writer.encryptedMac();
		out.append("sops:\n    age:\n");
		for (int i = 0; i < recipientList.length; i++) {
			out.append("        - recipient: ").append(recipientList[i]).append('\n');
			out.append("          enc: |\n");
			for (String line : ageEntries.get(i).split("\n")) {
				out.append("            ").append(line).append('\n');
			}
		}
		out.append("    lastmodified: \"").append(RFC_3339.format(writer.lastModified)).append("\"\n");
		out.append("    mac: ").append(mac).append('\n');
		out.append("    unencrypted_suffix: _unencrypted\n");
		out.append("    version: ").append(FORMAT_VERSION).append('\n');
		return out.toString();
	}

	@SuppressWarnings("unchecked")
	private void yamlBranch(Map<String, Object> values, List<String> path, int depth, StringBuilder out) {
		String indent = "    ".repeat(depth);
		values.forEach((name, value) -> {
			path.add(name);
			if (value instanceof Map<?, ?> map) {
				out.append(indent).append(name).append(":\n");
				yamlBranch((Map<String, Object>) map, path, depth + 1, out);
			}
			else {
				String stored = leaf((String) value, path);
				boolean plainSafe = stored.startsWith("ENC[") || stored.isEmpty();
				out.append(indent).append(name).append(": ")
					.append(plainSafe ? (stored.isEmpty() ? "\"\"" : stored) : quoted(stored)).append('\n');
			}
			path.removeLast();
		});
	}

	private static String quoted(String text) {
		return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
	}

	/** sops's leaf function: hash the plaintext into the MAC, then encrypt unless the key says not to. */
	private String leaf(String value, List<String> path) {
		boolean encrypted = path.stream().noneMatch((key) -> key.endsWith("_unencrypted"));
		if (encrypted || !this.macOnlyEncrypted) {
			this.mac.update(value.getBytes(StandardCharsets.UTF_8));
		}
		return encrypted ? encrypt(value, this.dataKey, String.join(":", path) + ":", RANDOM) : value;
	}

	private String encryptedMac() {
		String hex = HexFormat.of().withUpperCase().formatHex(this.mac.digest());
		return encrypt(hex, this.dataKey, RFC_3339.format(this.lastModified), RANDOM);
	}

	/** The metadata as sops 3.9+ flattens it: keys sorted, lists as {@code __list_N}, maps as {@code __map_}. */
	private Map<String, String> metadata(String... recipients) {
		Map<String, String> metadata = new LinkedHashMap<>();
		for (int i = 0; i < recipients.length; i++) {
			metadata.put("age__list_" + i + "__map_enc", ageEncrypt(recipients[i]));
			metadata.put("age__list_" + i + "__map_recipient", recipients[i]);
		}
		metadata.put("lastmodified", RFC_3339.format(this.lastModified));
		metadata.put("mac", encryptedMac());
		if (this.macOnlyEncrypted) {
			metadata.put("mac_only_encrypted", "true");
		}
		metadata.put("unencrypted_suffix", "_unencrypted");
		metadata.put("version", FORMAT_VERSION);
		return metadata;
	}

	/** The data key as an armored age file for one recipient, as sops's age key source writes it. */
	private String ageEncrypt(String recipient) {
		try {
			RecipientStanzaWriter stanza = X25519RecipientStanzaWriterFactory.newRecipientStanzaWriter(recipient);
			ByteArrayOutputStream armored = new ByteArrayOutputStream();
			try (WritableByteChannel channel = new ArmoredEncryptingChannelFactory()
				.newEncryptingChannel(Channels.newChannel(armored), List.of(stanza))) {
				channel.write(ByteBuffer.wrap(this.dataKey));
			}
			return armored.toString(StandardCharsets.US_ASCII);
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException("age encryption failed", ex);
		}
	}

	/** {@code Cipher.Encrypt} of sops: a fresh random 32-byte IV; the type follows the Java type of the value. */
	static String encrypt(Object value, byte[] key, String additionalData, SecureRandom random) {
		if ("".equals(value)) {
			return "";
		}
		String type;
		byte[] plain;
		switch (value) {
			case String text -> {
				type = "str";
				plain = text.getBytes(StandardCharsets.UTF_8);
			}
			case Long number -> {
				type = "int";
				plain = SopsCipher.ascii(number.toString());
			}
			case Integer number -> {
				type = "int";
				plain = SopsCipher.ascii(number.toString());
			}
			case Double number -> {
				type = "float";
				plain = SopsCipher.ascii(SopsCipher.formatFloat(number));
			}
			case Boolean flag -> {
				type = "bool";
				plain = SopsCipher.ascii(flag ? "True" : "False");
			}
			default -> throw new IllegalArgumentException("sops cannot encrypt a " + value.getClass().getSimpleName());
		}
		byte[] iv = new byte[32];
		random.nextBytes(iv);
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(SopsCipher.TAG_BITS, iv));
			cipher.updateAAD(additionalData.getBytes(StandardCharsets.UTF_8));
			byte[] sealed = cipher.doFinal(plain);
			int dataLength = sealed.length - SopsCipher.TAG_BITS / 8;
			Base64.Encoder base64 = Base64.getEncoder();
			return "ENC[AES256_GCM,data:" + base64.encodeToString(Arrays.copyOf(sealed, dataLength)) + ",iv:"
					+ base64.encodeToString(iv) + ",tag:"
					+ base64.encodeToString(Arrays.copyOfRange(sealed, dataLength, sealed.length)) + ",type:"
					+ type + "]";
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is not available", ex);
		}
	}

	/** Encrypts a plain dotenv file: {@code main <plain.env> <out.enc.env> <age1…> [<age1…>…]}. */
	public static void main(String[] args) throws IOException {
		if (args.length < 3) {
			throw new IllegalArgumentException("usage: SopsWriter <plain.env> <out.enc.env> <age recipient>...");
		}
		Map<String, String> variables = new LinkedHashMap<>();
		for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
			if (!line.isBlank() && !line.startsWith("#")) {
				int equals = line.indexOf('=');
				variables.put(line.substring(0, equals), line.substring(equals + 1).replace("\\n", "\n"));
			}
		}
		String[] recipients = Arrays.copyOfRange(args, 2, args.length);
		Files.writeString(Path.of(args[1]), dotenv(variables, recipients), StandardCharsets.UTF_8);
	}
}
