package nexus.iam.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import org.jspecify.annotations.Nullable;

/**
 * A configured secret, or in development one generated once and kept in the data folder, so that
 * a restart does not invalidate what it protects. Production never gets here without a secret:
 * its start-up check refuses first.
 */
public final class DevelopmentSecrets {

	private DevelopmentSecrets() {
	}

	public static byte[] orGenerated(@Nullable String configured, NexusProperties nexus, String fileName) {
		if (configured != null && !configured.isBlank()) {
			return configured.getBytes(StandardCharsets.UTF_8);
		}
		if (nexus.production()) {
			throw new IllegalStateException("a production secret is missing (" + fileName + ")");
		}
		Path file = nexus.dataDir().resolve(fileName);
		try {
			if (Files.exists(file)) {
				return Files.readString(file, StandardCharsets.US_ASCII).trim().getBytes(StandardCharsets.US_ASCII);
			}
			byte[] bytes = new byte[32];
			new SecureRandom().nextBytes(bytes);
			String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
			Files.createDirectories(file.getParent());
			Path tmp = Files.createTempFile(file.getParent(), fileName, ".tmp");
			try {
				Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
			}
			catch (UnsupportedOperationException ex) {
				// not a POSIX file system: the data folder's own permissions protect it
			}
			Files.writeString(tmp, value, StandardCharsets.US_ASCII);
			Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
			return value.getBytes(StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot keep a development secret in " + file, ex);
		}
	}
}
