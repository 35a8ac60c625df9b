package nexus.iam.secrets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;

import nexus.iam.secrets.SecretsException.Reason;

/**
 * sops's JSON store ({@code stores/json}): a top-level object, the metadata under {@code sops},
 * integers within 64 bits as integers and every other number as a double, as sops's decoder
 * normalises them.
 */
final class JsonStore {

	private static final JsonFactory JSON = JsonFactory.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.build();

	private static final int MAX_DEPTH = 64;

	private JsonStore() {
	}

	static SopsFormat.Document load(String text, String file) {
		Map<String, Object> data;
		try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), text)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				throw new SecretsException(Reason.MALFORMED, file + " must hold one JSON object");
			}
			data = object(parser, file, 0);
			if (parser.nextToken() != null) {
				throw new SecretsException(Reason.MALFORMED, file + " has content after its JSON object");
			}
		}
		catch (JacksonException ex) {
			// where, never the parser's message, which may quote a value
			TokenStreamLocation at = ex.getLocation();
			throw new SecretsException(Reason.MALFORMED, file + " is not valid JSON"
					+ ((at != null) ? " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")" : ""));
		}
		if (!(data.remove("sops") instanceof Map<?, ?> metadata)) {
			throw new SecretsException(Reason.MALFORMED, file + " is not encrypted with sops: it has no sops object");
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> sops = (Map<String, Object>) metadata;
		return new SopsFormat.Document(data, sops);
	}

	private static Map<String, Object> object(JsonParser parser, String file, int depth) {
		Map<String, Object> object = new LinkedHashMap<>();
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			parser.nextToken();
			object.put(name, value(parser, file, depth + 1));
		}
		return object;
	}

	private static @Nullable Object value(JsonParser parser, String file, int depth) {
		if (depth > MAX_DEPTH) {
			throw new SecretsException(Reason.MALFORMED, file + " nests deeper than " + MAX_DEPTH + " levels");
		}
		JsonToken token = parser.currentToken();
		return switch (token) {
			case START_OBJECT -> object(parser, file, depth);
			case START_ARRAY -> {
				List<Object> list = new ArrayList<>();
				while (parser.nextToken() != JsonToken.END_ARRAY) {
					list.add(value(parser, file, depth + 1));
				}
				yield list;
			}
			case VALUE_STRING -> parser.getString();
			case VALUE_NUMBER_INT -> (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER)
					? (Object) parser.getDoubleValue() : (Object) parser.getLongValue();
			case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
			case VALUE_TRUE -> Boolean.TRUE;
			case VALUE_FALSE -> Boolean.FALSE;
			case VALUE_NULL -> null;
			default -> throw new SecretsException(Reason.MALFORMED, file + " has an unexpected JSON token");
		};
	}
}
