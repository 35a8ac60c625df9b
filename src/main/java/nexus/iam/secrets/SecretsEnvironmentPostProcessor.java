package nexus.iam.secrets;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import nexus.iam.secrets.SecretsException.Reason;

/**
 * Adds the secrets from files to the environment before anything binds it, each source just below
 * the environment variables and in this order of precedence:
 * <ol>
 * <li>a variable set directly (environment variable, system property or command-line argument);</li>
 * <li>{@code NEXUS_X_FILE}: the file it names holds {@code NEXUS_X};</li>
 * <li>{@code NEXUS_SECRETS_DIR}: each file of that directory holds the variable it is named after;</li>
 * <li>{@code NEXUS_SECRETS_FILE}: a SOPS-encrypted file (dotenv, YAML, JSON or INI) of variables,
 * decrypted in memory with the age identity of {@code SOPS_AGE_KEY_FILE} or {@code SOPS_AGE_KEY}.</li>
 * </ol>
 * All of them sit above {@code application.yml}. Each source is a {@link SystemEnvironmentPropertySource}
 * whose name ends in {@code -systemEnvironment}, so Spring Boot binds {@code NEXUS_ADMIN_TOKEN}
 * from it to {@code nexus.admin.token} exactly as it binds the real environment variable. Any
 * failure stops the start with a {@link SecretsException} naming the file or variable.
 */
public final class SecretsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** Right after the configuration files are read, before anything reads {@code nexus.mode}. */
	public static final int ORDER = ConfigDataEnvironmentPostProcessor.ORDER + 1;

	static final String SECRETS_FILE = "NEXUS_SECRETS_FILE";

	static final String SECRETS_DIR = "NEXUS_SECRETS_DIR";

	static final String FILE_VARIABLES_SOURCE = "nexusSecretFileVariables-systemEnvironment";

	static final String DIRECTORY_SOURCE = "nexusSecretsDirectory-systemEnvironment";

	static final String SECRETS_FILE_SOURCE = "nexusSecretsFile-systemEnvironment";

	private final Log log;

	public SecretsEnvironmentPostProcessor(DeferredLogFactory logs) {
		this.log = logs.getLog(SecretsEnvironmentPostProcessor.class);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		// highest precedence first
		Map<String, Map<String, String>> sources = new LinkedHashMap<>();
		sources.put(FILE_VARIABLES_SOURCE, SecretFiles.fromFileVariables(fileVariables(environment)));
		String directory = variable(environment, SECRETS_DIR);
		if (directory != null) {
			sources.put(DIRECTORY_SOURCE, SecretFiles.fromDirectory(Path.of(directory), SECRETS_DIR));
		}
		String file = variable(environment, SECRETS_FILE);
		if (file != null) {
			Path path = Path.of(file);
			AgeIdentities identities = AgeIdentities.load((name) -> variable(environment, name));
			sources.put(SECRETS_FILE_SOURCE, variables(SopsFile.decrypt(path, identities), SopsFormat.of(path), file));
		}
		MutablePropertySources propertySources = environment.getPropertySources();
		String anchor = StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;
		if (!propertySources.contains(anchor)) {
			anchor = StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME;
		}
		Map<String, String> origins = new TreeMap<>();
		for (Map.Entry<String, Map<String, String>> entry : sources.entrySet()) {
			String name = entry.getKey();
			Map<String, String> values = entry.getValue();
			if (values.isEmpty()) {
				continue;
			}
			for (String variable : values.keySet()) {
				String origin = origin(name, variable, directory, file);
				String higher = origins.putIfAbsent(variable, origin);
				if (higher != null || environment.getProperty(variable) != null) {
					this.log.warn(variable + " from " + origin + " is ignored: "
							+ ((higher != null) ? higher + " sets it too" : "it is also set directly")
							+ ", which takes precedence");
				}
			}
			this.log.info(String.join(", ", values.keySet()) + " read from "
					+ ((name.equals(FILE_VARIABLES_SOURCE)) ? "their _FILE variables" : origin(name, "", directory, file)));
			PropertySource<?> source = new SystemEnvironmentPropertySource(name, new LinkedHashMap<>(values));
			if (propertySources.contains(anchor)) {
				propertySources.addAfter(anchor, source);
			}
			else {
				propertySources.addFirst(source);
			}
			anchor = name;
		}
	}

	private static String origin(String source, String variable, @Nullable String directory, @Nullable String file) {
		return switch (source) {
			case FILE_VARIABLES_SOURCE -> variable + "_FILE";
			case DIRECTORY_SOURCE -> SECRETS_DIR + " (" + directory + ")";
			default -> SECRETS_FILE + " (" + file + ")";
		};
	}

	/** The {@code NEXUS_…_FILE} variables set anywhere: environment, system properties, command line. */
	private static Map<String, String> fileVariables(ConfigurableEnvironment environment) {
		Map<String, String> variables = new TreeMap<>();
		for (PropertySource<?> source : environment.getPropertySources()) {
			if (source instanceof EnumerablePropertySource<?> enumerable) {
				for (String name : enumerable.getPropertyNames()) {
					if (SecretFiles.FILE_VARIABLE.matcher(name).matches()) {
						variables.putIfAbsent(name, environment.getProperty(name, ""));
					}
				}
			}
		}
		return variables;
	}

	private static @Nullable String variable(ConfigurableEnvironment environment, String name) {
		String value = environment.getProperty(name);
		return (value == null || value.isBlank()) ? null : value;
	}

	/**
	 * A decrypted secrets file as variables: its top-level keys (in INI, the keys before the first
	 * section) with their scalar values. Nested values are refused, so that a file meant for
	 * something else is not half used.
	 */
	static Map<String, String> variables(Map<String, Object> decrypted, SopsFormat format, String file) {
		Map<String, Object> top = decrypted;
		if (format == SopsFormat.INI) {
			top = new LinkedHashMap<>();
			for (Map.Entry<String, Object> section : decrypted.entrySet()) {
				if (!IniStore.DEFAULT_SECTION.equals(section.getKey())) {
					throw new SecretsException(Reason.MALFORMED, file + " has the section [" + section.getKey()
							+ "]: a secrets file in INI keeps its variables before any section");
				}
				@SuppressWarnings("unchecked")
				Map<String, Object> defaults = (Map<String, Object>) section.getValue();
				top.putAll(defaults);
			}
		}
		Map<String, String> variables = new LinkedHashMap<>();
		for (Map.Entry<String, Object> entry : top.entrySet()) {
			String name = entry.getKey();
			if (!SecretFiles.VARIABLE_NAME.matcher(name).matches()) {
				throw new SecretsException(Reason.MALFORMED, file + " has the key '" + name
						+ "': keys must be variable names such as NEXUS_ADMIN_TOKEN");
			}
			variables.put(name, text(entry.getValue(), name, file));
		}
		return variables;
	}

	private static String text(@Nullable Object value, String name, String file) {
		return switch (value) {
			case null -> "";
			case String string -> string;
			case Double number -> SopsCipher.formatFloat(number);
			case byte[] bytes -> new String(bytes, StandardCharsets.UTF_8);
			case Map<?, ?> map -> throw nested(name, file);
			case List<?> list -> throw nested(name, file);
			default -> value.toString();
		};
	}

	private static SecretsException nested(String name, String file) {
		return new SecretsException(Reason.MALFORMED, file + " has a mapping or list under " + name
				+ ": a secrets file maps variable names to values");
	}
}
