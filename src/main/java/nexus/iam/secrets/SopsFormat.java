package nexus.iam.secrets;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import nexus.iam.secrets.SecretsException.Reason;

/**
 * The stores of sops that Nexus reads, chosen by the file's extension as sops chooses them.
 * Each store parses a file into its values (in file order) and its {@code sops} metadata (nested).
 */
enum SopsFormat {

	DOTENV, YAML, JSON, INI;

	/** A parsed encrypted file: the values, still encrypted, and the metadata. */
	record Document(Map<String, Object> data, Map<String, Object> metadata) {
	}

	static SopsFormat of(Path file) {
		String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
		if (name.endsWith(".env")) {
			return DOTENV;
		}
		if (name.endsWith(".yaml") || name.endsWith(".yml")) {
			return YAML;
		}
		if (name.endsWith(".json")) {
			return JSON;
		}
		if (name.endsWith(".ini")) {
			return INI;
		}
		throw new SecretsException(Reason.UNSUPPORTED, file + ": the name must end in .env, .yaml, .yml, .json or .ini"
				+ " (sops chooses the format by extension; its binary format is not read)");
	}

	Document load(String text, String file) {
		String content = text.startsWith("\uFEFF") ? text.substring(1) : text;
		return switch (this) {
			case DOTENV -> DotenvStore.load(content, file);
			case YAML -> YamlStore.load(content, file);
			case JSON -> JsonStore.load(content, file);
			case INI -> IniStore.load(content, file);
		};
	}
}
