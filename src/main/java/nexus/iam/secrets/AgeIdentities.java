package nexus.iam.secrets;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.framework.armor.ArmoredDecryptingChannelFactory;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaReaderFactory;
import org.jspecify.annotations.Nullable;

import nexus.iam.secrets.SecretsException.Reason;

/**
 * The age X25519 identities that may open a SOPS file's data key, found where sops looks for them:
 * the key text in {@code SOPS_AGE_KEY} (several, separated by white space), the key file named by
 * {@code SOPS_AGE_KEY_FILE}, and sops's default key file {@code $XDG_CONFIG_HOME/sops/age/keys.txt}
 * ({@code ~/.config/sops/age/keys.txt}) when it exists. Blank lines and {@code #} comments are
 * skipped, as in files written by {@code age-keygen}. No message ever contains a key.
 */
final class AgeIdentities {

	static final String KEY = "SOPS_AGE_KEY";

	static final String KEY_FILE = "SOPS_AGE_KEY_FILE";

	private static final String IDENTITY_PREFIX = "AGE-SECRET-KEY-1";

	private static final int DATA_KEY_BYTES = 32;

	private final List<RecipientStanzaReader> readers;

	private final List<String> sources;

	private AgeIdentities(List<RecipientStanzaReader> readers, List<String> sources) {
		this.readers = readers;
		this.sources = sources;
	}

	/** Reads the identities from the variables sops reads; {@code variables} answers null when unset. */
	static AgeIdentities load(UnaryOperator<@Nullable String> variables) {
		List<RecipientStanzaReader> readers = new ArrayList<>();
		List<String> sources = new ArrayList<>();
		String text = variables.apply(KEY);
		if (text != null && !text.isBlank()) {
			readers.addAll(parse(text, KEY, true));
			sources.add(KEY);
		}
		String file = variables.apply(KEY_FILE);
		if (file != null && !file.isBlank()) {
			readers.addAll(parse(read(Path.of(file), KEY_FILE + " (" + file + ")"), KEY_FILE, false));
			sources.add(KEY_FILE + " (" + file + ")");
		}
		Path fallback = defaultKeyFile(variables);
		if (fallback != null && Files.isRegularFile(fallback)) {
			readers.addAll(parse(read(fallback, fallback.toString()), fallback.toString(), false));
			sources.add(fallback.toString());
		}
		return new AgeIdentities(List.copyOf(readers), List.copyOf(sources));
	}

	private static @Nullable Path defaultKeyFile(UnaryOperator<@Nullable String> variables) {
		String config = variables.apply("XDG_CONFIG_HOME");
		if (config == null || config.isBlank()) {
			String home = variables.apply("HOME");
			if (home == null || home.isBlank()) {
				return null;
			}
			config = Path.of(home, ".config").toString();
		}
		return Path.of(config, "sops", "age", "keys.txt");
	}

	private static String read(Path file, String source) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new SecretsException(Reason.UNREADABLE, source + " cannot be read");
		}
	}

	private static List<RecipientStanzaReader> parse(String text, String source, boolean wordsPerLine) {
		List<RecipientStanzaReader> readers = new ArrayList<>();
		for (String line : text.split("\r?\n")) {
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			for (String word : wordsPerLine ? line.strip().split("\\s+") : new String[] { line.strip() }) {
				if (!word.startsWith(IDENTITY_PREFIX)) {
					throw new SecretsException(Reason.UNSUPPORTED, source + " holds an identity that is not an age"
							+ " X25519 key (AGE-SECRET-KEY-1…); plug-in, post-quantum and SSH identities are not read");
				}
				try {
					readers.add(X25519RecipientStanzaReaderFactory.newRecipientStanzaReader(word));
				}
				catch (GeneralSecurityException | RuntimeException ex) {
					throw new SecretsException(Reason.MALFORMED, source + " holds an age identity that is not valid");
				}
			}
		}
		return readers;
	}

	/** Where the identities came from, for messages. */
	List<String> sources() {
		return this.sources;
	}

	boolean isEmpty() {
		return this.readers.isEmpty();
	}

	/** The 32-byte data key, from the first recipient entry one of the identities opens. */
	byte[] dataKey(List<SopsMetadata.AgeKey> keys, String file) {
		if (keys.isEmpty()) {
			throw new SecretsException(Reason.UNSUPPORTED, file + " has no age recipient: Nexus reads only files"
					+ " encrypted to an age key (add one with sops updatekeys or sops rotate --add-age)");
		}
		if (this.readers.isEmpty()) {
			throw new SecretsException(Reason.NO_IDENTITY, file + " cannot be decrypted: set SOPS_AGE_KEY_FILE (or"
					+ " SOPS_AGE_KEY) to the age identity of one of its recipients: " + recipients(keys));
		}
		for (SopsMetadata.AgeKey key : keys) {
			byte[] dataKey = open(key.encryptedDataKey());
			if (dataKey != null) {
				if (dataKey.length != DATA_KEY_BYTES) {
					throw new SecretsException(Reason.MALFORMED, file + " has a data key that is not 32 bytes");
				}
				return dataKey;
			}
		}
		throw new SecretsException(Reason.WRONG_KEY, file + " cannot be decrypted: none of the age identities from "
				+ String.join(", ", this.sources) + " is one of its recipients (" + recipients(keys)
				+ "), or its sops metadata is damaged");
	}

	private byte @Nullable [] open(String armored) {
		InputStream encrypted = new ByteArrayInputStream(armored.getBytes(StandardCharsets.US_ASCII));
		try (ReadableByteChannel channel = new ArmoredDecryptingChannelFactory()
			.newDecryptingChannel(Channels.newChannel(encrypted), this.readers)) {
			return Channels.newInputStream(channel).readNBytes(DATA_KEY_BYTES + 1);
		}
		catch (GeneralSecurityException | IOException | RuntimeException ex) {
			return null;
		}
	}

	private static String recipients(List<SopsMetadata.AgeKey> keys) {
		return String.join(", ", keys.stream().map(SopsMetadata.AgeKey::recipient).toList());
	}
}
