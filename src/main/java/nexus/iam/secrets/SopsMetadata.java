package nexus.iam.secrets;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.jspecify.annotations.Nullable;

import nexus.iam.secrets.SecretsException.Reason;

/**
 * The {@code sops} section of an encrypted file: the age recipients with the data key encrypted
 * to each, the MAC, when the file was last written, and which values are encrypted. Follows sops's
 * {@code stores/stores.go} and {@code Tree.shouldBeEncrypted} in {@code sops.go}.
 *
 * @param ageKeys each age recipient and the data key encrypted to it (an armored age file)
 * @param otherKeyTypes the other kinds of master key the file names (pgp, kms…), which Nexus cannot use
 * @param lastModified when sops last wrote the file; the MAC's additional data
 * @param mac the encrypted MAC, empty when missing
 * @param rule which values are encrypted
 * @param macOnlyEncrypted whether the MAC covers only the encrypted values
 */
record SopsMetadata(List<AgeKey> ageKeys, List<String> otherKeyTypes, OffsetDateTime lastModified, String mac,
		EncryptionRule rule, boolean macOnlyEncrypted) {

	/** One age recipient of the data key. */
	record AgeKey(String recipient, String encryptedDataKey) {
	}

	/** The one rule of a file that decides which values are encrypted; sops allows one at most. */
	record EncryptionRule(String name, String argument, @Nullable Pattern pattern) {

		static final EncryptionRule DEFAULT = new EncryptionRule("unencrypted_suffix", "_unencrypted", null);

		/** {@code Tree.shouldBeEncrypted} of sops, for values (comments are not read). */
		boolean encrypts(List<String> path) {
			return switch (this.name) {
				case "unencrypted_suffix" -> path.stream().noneMatch((key) -> key.endsWith(this.argument));
				case "encrypted_suffix" -> path.stream().anyMatch((key) -> key.endsWith(this.argument));
				case "unencrypted_regex" -> path.stream().noneMatch((key) -> this.pattern.matcher(key).find());
				case "encrypted_regex" -> path.stream().anyMatch((key) -> this.pattern.matcher(key).find());
				default -> throw new IllegalStateException(this.name);
			};
		}
	}

	private static final List<String> OTHER_KEY_TYPES = List.of("pgp", "kms", "gcp_kms", "azure_kv", "hc_vault",
			"hckms");

	private static final DateTimeFormatter RFC_3339 = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

	/** The MAC's additional data: {@code lastmodified} as Go's {@code time.RFC3339} writes it. */
	String macAdditionalData() {
		return RFC_3339.format(this.lastModified);
	}

	/** Reads the metadata from the {@code sops} mapping (nested form, see {@link #unflatten}). */
	static SopsMetadata of(Map<String, Object> sops, String file) {
		List<AgeKey> ageKeys = new ArrayList<>(ageKeys(sops.get("age"), file));
		List<String> others = new ArrayList<>(otherKeyTypes(sops));
		if (sops.get("key_groups") instanceof List<?> groups && !groups.isEmpty()) {
			if (groups.size() > 1) {
				throw new SecretsException(Reason.UNSUPPORTED, file + " splits its data key over " + groups.size()
						+ " key groups (Shamir's secret sharing), which Nexus does not read: encrypt it to age recipients of one group");
			}
			Map<String, Object> group = mapping(groups.getFirst(), "key_groups", file);
			ageKeys.addAll(ageKeys(group.get("age"), file));
			others.addAll(otherKeyTypes(group));
		}
		for (String unsupported : List.of("unencrypted_comment_regex", "encrypted_comment_regex")) {
			if (text(sops.get(unsupported)) != null) {
				throw new SecretsException(Reason.UNSUPPORTED,
						file + " uses " + unsupported + ", which Nexus does not read: use encrypted_regex or a suffix");
			}
		}
		String lastModified = text(sops.get("lastmodified"));
		if (lastModified == null) {
			throw new SecretsException(Reason.MALFORMED, file + " has no sops lastmodified entry");
		}
		OffsetDateTime modified;
		try {
			modified = OffsetDateTime.parse(lastModified);
		}
		catch (DateTimeParseException ex) {
			throw new SecretsException(Reason.MALFORMED, file + " has a sops lastmodified that is not an RFC 3339 time");
		}
		String mac = text(sops.get("mac"));
		return new SopsMetadata(List.copyOf(ageKeys), List.copyOf(others), modified, (mac != null) ? mac : "",
				rule(sops, file), flag(sops.get("mac_only_encrypted")));
	}

	private static EncryptionRule rule(Map<String, Object> sops, String file) {
		List<EncryptionRule> rules = new ArrayList<>();
		for (String name : List.of("unencrypted_suffix", "encrypted_suffix", "unencrypted_regex", "encrypted_regex")) {
			String argument = text(sops.get(name));
			if (argument == null) {
				continue;
			}
			try {
				Pattern pattern = name.endsWith("_regex") ? Pattern.compile(argument) : null;
				rules.add(new EncryptionRule(name, argument, pattern));
			}
			catch (PatternSyntaxException ex) {
				throw new SecretsException(Reason.MALFORMED, file + " has an invalid sops " + name);
			}
		}
		if (rules.size() > 1) {
			throw new SecretsException(Reason.MALFORMED, file + " has more than one of unencrypted_suffix, "
					+ "encrypted_suffix, unencrypted_regex and encrypted_regex, which sops does not allow");
		}
		return rules.isEmpty() ? EncryptionRule.DEFAULT : rules.getFirst();
	}

	private static List<AgeKey> ageKeys(@Nullable Object entries, String file) {
		if (!(entries instanceof List<?> list)) {
			return List.of();
		}
		List<AgeKey> keys = new ArrayList<>();
		for (Object entry : list) {
			Map<String, Object> key = mapping(entry, "age", file);
			String recipient = text(key.get("recipient"));
			String enc = text(key.get("enc"));
			if (recipient == null || enc == null) {
				throw new SecretsException(Reason.MALFORMED, file + " has an age entry without recipient or enc");
			}
			keys.add(new AgeKey(recipient, enc));
		}
		return keys;
	}

	private static List<String> otherKeyTypes(Map<String, Object> keys) {
		return OTHER_KEY_TYPES.stream()
			.filter((type) -> keys.get(type) instanceof List<?> list && !list.isEmpty())
			.toList();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> mapping(@Nullable Object value, String name, String file) {
		if (value instanceof Map<?, ?> map) {
			return (Map<String, Object>) map;
		}
		throw new SecretsException(Reason.MALFORMED, file + " has a sops " + name + " entry that is not a mapping");
	}

	private static @Nullable String text(@Nullable Object value) {
		return (value == null || value.toString().isEmpty()) ? null : value.toString();
	}

	/** mapstructure's weakly typed booleans, as sops decodes its metadata. */
	private static boolean flag(@Nullable Object value) {
		return value != null && switch (value.toString()) {
			case "1", "t", "T", "TRUE", "true", "True" -> true;
			default -> false;
		};
	}

	/**
	 * The nested form of metadata that dotenv and INI files keep flat, with sops's separators:
	 * {@code age__list_0__map_enc} is {@code age[0].enc} ({@code stores/flatten.go}).
	 */
	static Map<String, Object> unflatten(Map<String, Object> flat, String file) {
		Map<String, Object> root = new LinkedHashMap<>();
		for (Map.Entry<String, Object> entry : flat.entrySet()) {
			List<Object> tokens = tokens(entry.getKey());
			Object node = root;
			for (int i = 0; i < tokens.size(); i++) {
				Object token = tokens.get(i);
				boolean last = i == tokens.size() - 1;
				Object next = last ? entry.getValue() : (tokens.get(i + 1) instanceof Integer) ? new TreeMap<Integer, Object>()
						: new LinkedHashMap<String, Object>();
				node = place(node, token, next, last, file);
			}
		}
		return lists(root, file);
	}

	private static List<Object> tokens(String key) {
		List<Object> tokens = new ArrayList<>();
		int start = 0;
		boolean list = false;
		int i = 0;
		while (i <= key.length()) {
			boolean mapSeparator = key.startsWith("__map_", i);
			boolean listSeparator = key.startsWith("__list_", i);
			if (mapSeparator || listSeparator || i == key.length()) {
				String part = key.substring(start, i);
				tokens.add(list ? (Object) index(part) : part);
				list = listSeparator;
				i += mapSeparator ? 6 : listSeparator ? 7 : 1;
				start = i;
			}
			else {
				i++;
			}
		}
		return tokens;
	}

	private static Integer index(String part) {
		try {
			return Integer.valueOf(part);
		}
		catch (NumberFormatException ex) {
			// sops reads it as 0 (strconv.Atoi's value on error); a second entry at 0 then fails
			return 0;
		}
	}

	@SuppressWarnings("unchecked")
	private static Object place(Object node, Object token, Object next, boolean last, String file) {
		Object existing;
		if (node instanceof TreeMap<?, ?> list && token instanceof Integer index) {
			existing = ((TreeMap<Integer, Object>) list).putIfAbsent(index, next);
		}
		else if (node instanceof LinkedHashMap<?, ?> map && token instanceof String name) {
			existing = ((Map<String, Object>) map).putIfAbsent(name, next);
		}
		else {
			throw new SecretsException(Reason.MALFORMED, file + " has sops metadata that mixes lists and mappings");
		}
		if (existing != null && last) {
			throw new SecretsException(Reason.MALFORMED, file + " has a sops metadata entry twice");
		}
		return (existing != null) ? existing : next;
	}

	@SuppressWarnings("unchecked")
	private static <T> T lists(Object node, String file) {
		if (node instanceof TreeMap<?, ?> indexed) {
			List<Object> list = new ArrayList<>();
			for (Map.Entry<?, ?> entry : indexed.entrySet()) {
				if (!entry.getKey().equals(list.size())) {
					throw new SecretsException(Reason.MALFORMED, file + " has an incomplete list in its sops metadata");
				}
				list.add(lists(entry.getValue(), file));
			}
			return (T) list;
		}
		if (node instanceof LinkedHashMap<?, ?> map) {
			Map<String, Object> result = new LinkedHashMap<>();
			map.forEach((key, value) -> result.put((String) key, lists(value, file)));
			return (T) result;
		}
		return (T) node;
	}
}
