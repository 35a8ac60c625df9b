package nexus.iam.secrets;

import java.util.LinkedHashMap;
import java.util.Map;

import nexus.iam.secrets.SecretsException.Reason;

/**
 * sops's dotenv store ({@code stores/dotenv}): {@code KEY=value} lines, {@code \n} in a value for
 * a line break, {@code #} lines as comments, and the metadata flattened into {@code sops_…} keys.
 */
final class DotenvStore {

	static final String METADATA_PREFIX = "sops_";

	private DotenvStore() {
	}

	static SopsFormat.Document load(String text, String file) {
		Map<String, Object> data = new LinkedHashMap<>();
		Map<String, Object> metadata = new LinkedHashMap<>();
		String[] lines = text.split("\n", -1);
		for (int i = 0; i < lines.length; i++) {
			String line = lines[i];
			if (line.isEmpty() || line.charAt(0) == '#') {
				continue;
			}
			int equals = line.indexOf('=');
			if (equals < 0) {
				throw new SecretsException(Reason.MALFORMED, file + " line " + (i + 1) + " is not KEY=value");
			}
			String key = line.substring(0, equals);
			String value = line.substring(equals + 1).replace("\\n", "\n");
			Map<String, Object> target = key.startsWith(METADATA_PREFIX) ? metadata : data;
			String name = key.startsWith(METADATA_PREFIX) ? key.substring(METADATA_PREFIX.length()) : key;
			if (target.putIfAbsent(name, value) != null) {
				throw new SecretsException(Reason.MALFORMED, file + " sets " + key + " twice (line " + (i + 1) + ")");
			}
		}
		if (metadata.isEmpty()) {
			throw new SecretsException(Reason.MALFORMED, file + " is not encrypted with sops: it has no sops_ entries");
		}
		return new SopsFormat.Document(data, SopsMetadata.unflatten(metadata, file));
	}
}
