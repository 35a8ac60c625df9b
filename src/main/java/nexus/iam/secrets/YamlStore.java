package nexus.iam.secrets;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

import nexus.iam.secrets.SecretsException.Reason;

/**
 * sops's YAML store ({@code stores/yaml}): one document, the metadata under the top-level key
 * {@code sops}. SnakeYAML builds the node tree; plain scalars are then typed by the rules of
 * go-yaml v3, which sops uses, because the MAC covers an unencrypted value in its typed form
 * ({@code yes} stays a string, {@code 1_000} is the integer 1000). Comments are not read: sops
 * leaves them out of the MAC.
 */
final class YamlStore {

	private static final Pattern YAML_FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");

	private static final int MAX_DEPTH = 64;

	private YamlStore() {
	}

	static SopsFormat.Document load(String text, String file) {
		List<Node> documents = new ArrayList<>();
		try {
			LoaderOptions options = new LoaderOptions();
			options.setAllowDuplicateKeys(false);
			Yaml yaml = new Yaml(new org.yaml.snakeyaml.constructor.SafeConstructor(options),
					new org.yaml.snakeyaml.representer.Representer(new DumperOptions()), new DumperOptions(), options);
			yaml.composeAll(new StringReader(text)).forEach(documents::add);
		}
		catch (MarkedYAMLException ex) {
			// the problem and where, never the context snippet, which may quote a value
			throw new SecretsException(Reason.MALFORMED, file + " is not valid YAML: " + ex.getProblem() + " at line "
					+ (ex.getProblemMark().getLine() + 1) + ", column " + (ex.getProblemMark().getColumn() + 1));
		}
		catch (YAMLException ex) {
			throw new SecretsException(Reason.MALFORMED, file + " is not valid YAML");
		}
		if (documents.size() != 1 || !(documents.getFirst() instanceof MappingNode root)) {
			throw new SecretsException(documents.size() > 1 ? Reason.UNSUPPORTED : Reason.MALFORMED,
					file + " must hold one YAML document that is a mapping");
		}
		Map<String, Object> data = mapping(root, file, 0);
		if (!(data.remove("sops") instanceof Map<?, ?> metadata)) {
			throw new SecretsException(Reason.MALFORMED, file + " is not encrypted with sops: it has no sops mapping");
		}
		return new SopsFormat.Document(data, cast(metadata));
	}

	private static @Nullable Object value(Node node, String file, int depth) {
		if (depth > MAX_DEPTH) {
			throw new SecretsException(Reason.MALFORMED, file + " nests deeper than " + MAX_DEPTH + " levels");
		}
		return switch (node) {
			case MappingNode mapping -> mapping(mapping, file, depth + 1);
			case SequenceNode sequence -> {
				List<Object> list = new ArrayList<>();
				for (Node item : sequence.getValue()) {
					list.add(value(item, file, depth + 1));
				}
				yield list;
			}
			case ScalarNode scalar -> scalar(scalar);
			default -> throw new SecretsException(Reason.MALFORMED, file + " has a YAML node Nexus cannot read");
		};
	}

	private static Map<String, Object> mapping(MappingNode node, String file, int depth) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (NodeTuple tuple : node.getValue()) {
			if (!(tuple.getKeyNode() instanceof ScalarNode keyNode) || !(scalar(keyNode) instanceof String key)) {
				throw new SecretsException(Reason.MALFORMED, file + " has a key that is not a string (line "
						+ (tuple.getKeyNode().getStartMark().getLine() + 1) + ")");
			}
			if (map.containsKey(key)) {
				throw new SecretsException(Reason.MALFORMED, file + " has the key " + key + " twice");
			}
			map.put(key, value(tuple.getValueNode(), file, depth));
		}
		return map;
	}

	/** A scalar as go-yaml v3 decodes it into an {@code interface{}}. */
	static @Nullable Object scalar(ScalarNode node) {
		String text = node.getValue();
		if (!node.isPlain()) {
			return text;
		}
		Tag implicit = new Resolver().resolve(NodeId.scalar, text, true);
		if (!node.getTag().equals(implicit)) {
			// an explicit tag
			if (node.getTag().equals(Tag.STR)) {
				return text;
			}
			if (node.getTag().equals(Tag.BINARY)) {
				return new String(Base64.getMimeDecoder().decode(text), java.nio.charset.StandardCharsets.UTF_8);
			}
		}
		return resolve(text);
	}

	/** go-yaml v3's {@code resolve} for an untagged plain scalar. */
	static @Nullable Object resolve(String text) {
		switch (text) {
			case "", "~", "null", "Null", "NULL":
				return null;
			case "true", "True", "TRUE":
				return Boolean.TRUE;
			case "false", "False", "FALSE":
				return Boolean.FALSE;
			case ".nan", ".NaN", ".NAN":
				return Double.NaN;
			case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF":
				return Double.POSITIVE_INFINITY;
			case "-.inf", "-.Inf", "-.INF":
				return Double.NEGATIVE_INFINITY;
			default:
				break;
		}
		char first = text.charAt(0);
		if (first == '.') {
			return YAML_FLOAT.matcher(text).matches() ? Double.parseDouble(text) : text;
		}
		if (!Character.isDigit(first) && first != '-' && first != '+') {
			return text;
		}
		String plain = text.replace("_", "");
		Long integer = parseInteger(plain);
		if (integer != null) {
			return integer;
		}
		if (YAML_FLOAT.matcher(plain).matches()) {
			return Double.parseDouble(plain);
		}
		return text;
	}

	/** Go's {@code strconv.ParseInt(text, 0, 64)}: a sign, then 0x, 0o, 0b, a leading 0 (octal) or decimal. */
	private static @Nullable Long parseInteger(String text) {
		String digits = text;
		boolean negative = false;
		if (digits.startsWith("+") || digits.startsWith("-")) {
			negative = digits.startsWith("-");
			digits = digits.substring(1);
		}
		int radix = 10;
		String lower = digits.toLowerCase(java.util.Locale.ROOT);
		if (lower.startsWith("0x") || lower.startsWith("0o") || lower.startsWith("0b")) {
			radix = switch (lower.charAt(1)) {
				case 'x' -> 16;
				case 'o' -> 8;
				default -> 2;
			};
			digits = digits.substring(2);
		}
		else if (digits.length() > 1 && digits.startsWith("0")) {
			radix = 8;
			digits = digits.substring(1);
		}
		if (digits.isEmpty() || digits.startsWith("+") || digits.startsWith("-")) {
			return null;
		}
		try {
			return Long.parseLong((negative ? "-" : "") + digits, radix);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> cast(Map<?, ?> map) {
		return (Map<String, Object>) map;
	}
}
