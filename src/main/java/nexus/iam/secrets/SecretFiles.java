package nexus.iam.secrets;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import nexus.iam.secrets.SecretsException.Reason;

/**
 * Secrets in plain files, the way Docker and Kubernetes hand them over: {@code NEXUS_X_FILE}
 * names a file holding the value of {@code NEXUS_X}, and every file of the directory that
 * {@code NEXUS_SECRETS_DIR} names holds the value of the variable it is named after. A trailing
 * line break is removed.
 */
final class SecretFiles {

	/** A variable whose value is the path of a file holding another variable's value. */
	static final Pattern FILE_VARIABLE = Pattern.compile("NEXUS_[A-Z0-9_]+_FILE");

	/** Variables that end in {@code _FILE} but name a file the service reads itself. */
	static final Set<String> NOT_INDIRECT = Set.of(SecretsEnvironmentPostProcessor.SECRETS_FILE,
			"NEXUS_TOKEN_SIGNING_KEYS_FILE");

	/** What a file name must look like to be taken as a variable name. */
	static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

	private SecretFiles() {
	}

	/**
	 * The values that the {@code NEXUS_X_FILE} variables point to, by {@code NEXUS_X}.
	 * @param variables the {@code NEXUS_…_FILE} variables and their values
	 */
	static Map<String, String> fromFileVariables(Map<String, String> variables) {
		Map<String, String> values = new TreeMap<>();
		variables.forEach((variable, location) -> {
			if (!FILE_VARIABLE.matcher(variable).matches() || NOT_INDIRECT.contains(variable)) {
				return;
			}
			String target = variable.substring(0, variable.length() - "_FILE".length());
			if (location.isBlank()) {
				throw new SecretsException(Reason.UNREADABLE, variable + " is set but empty: it must name the file"
						+ " holding " + target);
			}
			values.put(target, read(Path.of(location), variable + " (" + location + ")"));
		});
		return values;
	}

	/** The values of the files in {@code directory}, by file name; dot files and folders are skipped. */
	static Map<String, String> fromDirectory(Path directory, String variable) {
		if (!Files.isDirectory(directory)) {
			throw new SecretsException(Reason.UNREADABLE,
					variable + " names " + directory + ", which is not a readable directory");
		}
		Map<String, String> values = new TreeMap<>();
		List<Path> files;
		try (Stream<Path> entries = Files.list(directory)) {
			files = entries.toList();
		}
		catch (IOException ex) {
			throw new SecretsException(Reason.UNREADABLE, variable + " names " + directory + ", which cannot be listed");
		}
		for (Path file : files) {
			String name = file.getFileName().toString();
			// Kubernetes keeps ..data and timestamped folders beside the links it mounts
			if (name.startsWith(".") || !Files.isRegularFile(file) || !VARIABLE_NAME.matcher(name).matches()) {
				continue;
			}
			values.put(name, read(file, variable + " (" + file + ")"));
		}
		return values;
	}

	/** A file's text without its trailing line breaks. */
	static String read(Path file, String source) {
		try {
			if (!Files.isRegularFile(file)) {
				throw new SecretsException(Reason.UNREADABLE, source + ": the file does not exist or is not a file");
			}
			if (Files.size(file) > SopsFile.MAX_BYTES) {
				throw new SecretsException(Reason.MALFORMED, source + ": the file is larger than 1 MiB");
			}
			String text = Files.readString(file, StandardCharsets.UTF_8);
			int end = text.length();
			while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
				end--;
			}
			return text.substring(0, end);
		}
		catch (CharacterCodingException ex) {
			throw new SecretsException(Reason.UNREADABLE, source + ": the file is not UTF-8 text");
		}
		catch (IOException ex) {
			throw new SecretsException(Reason.UNREADABLE,
					source + ": the file cannot be read (" + ex.getClass().getSimpleName() + ")");
		}
	}
}
