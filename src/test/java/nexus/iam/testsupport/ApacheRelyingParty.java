package nexus.iam.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Apache httpd with {@code mod_auth_openidc} (Debian's {@code apache2} and
 * {@code libapache2-mod-auth-openidc}, a certified OpenID Connect relying party) protecting
 * {@code /protected/}, in the foreground on a loopback port, from a configuration generated into a
 * folder of its own. {@code /protected/claims.shtml} shows what Apache passes on to the
 * application ({@code REMOTE_USER} and the {@code OIDC_CLAIM_*} variables); logout and OpenID
 * Connect Back-Channel Logout are answered at the redirect URI, as the module does for any
 * application. Each named instance starts once per test run and stops when the test JVM ends,
 * leaving nothing behind; its port is fixed before it starts, so that a provider's settings can
 * name its redirect URI.
 */
public final class ApacheRelyingParty {

	/** Where Debian's {@code apache2} package keeps its loadable modules ({@code apache2ctl -V}, {@code -l}). */
	private static final Path MODULES = Path.of("/usr/lib/apache2/modules");

	private static final Path HTTPD = Path.of("/usr/sbin/apache2");

	private static final Map<String, Integer> PORTS = new ConcurrentHashMap<>();

	private static final Map<String, ApacheRelyingParty> RUNNING = new ConcurrentHashMap<>();

	/** The provider Apache signs its users in with, and Apache's registration there. */
	public record Settings(String providerMetadataUrl, String clientId, String clientSecret, String scope) {
	}

	private final int port;

	private final Path root;

	private final Process process;

	private ApacheRelyingParty(int port, Path root, Process process) {
		this.port = port;
		this.root = root;
		this.process = process;
	}

	/** The port of the instance {@code name}, the same for the whole run, chosen before it starts. */
	public static int port(String name) {
		return PORTS.computeIfAbsent(name, (key) -> FreePorts.next());
	}

	/** The redirect URI of the instance {@code name}: what a provider registers for it. */
	public static String redirectUri(String name) {
		return "http://localhost:" + port(name) + "/protected/redirect_uri";
	}

	/** Its OpenID Connect Back-Channel Logout URI (mod_auth_openidc answers it at the redirect URI). */
	public static String backchannelLogoutUri(String name) {
		return redirectUri(name) + "?logout=backchannel";
	}

	/** The instance {@code name}, started with these settings on its first use in the run. */
	public static synchronized ApacheRelyingParty start(String name, Settings settings) {
		return RUNNING.computeIfAbsent(name, (key) -> launch(port(key), settings));
	}

	public String url(String path) {
		return "http://localhost:" + this.port + path;
	}

	/** The page that shows the claims Apache passed on; protected, so a first visit signs in. */
	public String claimsPage() {
		return url("/protected/claims.shtml");
	}

	/** Apache's own logout (which then sends the browser to the provider's end-session endpoint). */
	public String logoutUrl() {
		return url("/protected/redirect_uri?logout=" + java.net.URLEncoder.encode(loggedOutPage(), StandardCharsets.UTF_8));
	}

	/** Where the browser lands after the logout: an unprotected page. */
	public String loggedOutPage() {
		return url("/logged-out.html");
	}

	public String backchannelLogoutUrl() {
		return url("/protected/redirect_uri?logout=backchannel");
	}

	/** The module's log so far, for assertion messages. */
	public String errorLog() {
		try {
			return Files.readString(this.root.resolve("error.log"), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "(no error log: " + ex.getMessage() + ")";
		}
	}

	private static ApacheRelyingParty launch(int port, Settings settings) {
		try {
			Path root = Files.createTempDirectory("nexus-apache-rp");
			Path htdocs = Files.createDirectories(root.resolve("htdocs").resolve("protected"));
			Files.createDirectories(root.resolve("run"));
			copyResource("relying-parties/apache/claims.shtml", htdocs.resolve("claims.shtml"));
			copyResource("relying-parties/apache/logged-out.html", root.resolve("htdocs").resolve("logged-out.html"));
			Path config = root.resolve("httpd.conf");
			boolean asRoot = ((Integer) Files.getAttribute(root, "unix:uid")) == 0;
			Files.writeString(config, configuration(port, root, settings, asRoot), StandardCharsets.UTF_8);
			if (asRoot) {
				// as root, httpd serves as www-data: it must reach and read the pages, and only them
				// (the configuration with the client secret is read by the root parent alone)
				Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx--x--x"));
				readableByAll(root.resolve("htdocs"));
			}
			ProcessBuilder builder = new ProcessBuilder(HTTPD.toString(), "-f", config.toString(), "-DFOREGROUND")
				.redirectErrorStream(true)
				.redirectOutput(root.resolve("stdout.log").toFile())
				.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
			Process process = builder.start();
			ApacheRelyingParty apache = new ApacheRelyingParty(port, root, process);
			Runtime.getRuntime().addShutdownHook(new Thread(apache::stop, "apache-relying-party-" + port));
			apache.awaitListening();
			return apache;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String configuration(int port, Path root, Settings settings, boolean asRoot) {
		StringBuilder config = new StringBuilder();
		for (String module : new String[] { "mpm_event", "authn_core", "authz_core", "authz_user", "mime", "include",
				"auth_openidc" }) {
			config.append("LoadModule ").append(module).append("_module ").append(MODULES.resolve("mod_" + module + ".so"))
				.append('\n');
		}
		if (asRoot) {
			// httpd refuses to serve as root: its workers become www-data, as in Debian's own configuration
			config.append("User www-data\nGroup www-data\n");
		}
		return config + """
				ServerRoot "%1$s"
				ServerName localhost:%2$d
				Listen 127.0.0.1:%2$d
				PidFile "%1$s/run/httpd.pid"
				DefaultRuntimeDir "%1$s/run"
				ErrorLog "%1$s/error.log"
				LogLevel warn auth_openidc:info
				StartServers 1
				ServerLimit 1
				ThreadsPerChild 16
				MaxRequestWorkers 16
				MinSpareThreads 1
				MaxSpareThreads 16
				TypesConfig /dev/null
				DocumentRoot "%1$s/htdocs"
				<Directory "%1$s/htdocs">
					Options +Includes
					AddType text/html .shtml
					AddOutputFilter INCLUDES .shtml
					Require all granted
				</Directory>

				%3$s
				""".formatted(root, port, openidc(port, settings));
	}

	/** The {@code mod_auth_openidc} part, as docs/oidc-provider.md gives it. */
	private static String openidc(int port, Settings settings) {
		return """
				OIDCProviderMetadataURL %s
				OIDCClientID %s
				OIDCClientSecret %s
				OIDCRedirectURI http://localhost:%d/protected/redirect_uri
				OIDCCryptoPassphrase %s
				OIDCScope "%s"
				OIDCPKCEMethod S256
				OIDCSessionType server-cache
				OIDCCacheType shm
				OIDCRemoteUserClaim sub
				OIDCPassClaimsAs environment
				OIDCDefaultLoggedOutURL http://localhost:%4$d/logged-out.html
				<Location /protected/>
					AuthType openid-connect
					Require valid-user
				</Location>
				""".formatted(settings.providerMetadataUrl(), settings.clientId(), settings.clientSecret(), port,
				java.util.UUID.randomUUID(), settings.scope());
	}

	private void awaitListening() {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("Apache httpd ended at its start (exit " + this.process.exitValue()
						+ "):\n" + read("stdout.log") + errorLog());
			}
			try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
				return;
			}
			catch (IOException notYet) {
				sleep();
			}
		}
		stop();
		throw new IllegalStateException("Apache httpd does not listen on " + this.port + ":\n" + errorLog());
	}

	private void stop() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		delete(this.root);
	}

	private String read(String file) {
		try {
			return Files.readString(this.root.resolve(file), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "";
		}
	}

	private static void copyResource(String name, Path target) throws IOException {
		try (var in = ApacheRelyingParty.class.getClassLoader().getResourceAsStream(name)) {
			if (in == null) {
				throw new IllegalStateException("no test resource " + name);
			}
			Files.copy(in, target);
		}
	}

	private static void readableByAll(Path root) throws IOException {
		try (Stream<Path> files = Files.walk(root)) {
			for (Path file : files.toList()) {
				Files.setPosixFilePermissions(file,
						PosixFilePermissions.fromString(Files.isDirectory(file) ? "rwxr-xr-x" : "rw-r--r--"));
			}
		}
	}

	private static void delete(Path root) {
		try (Stream<Path> files = Files.walk(root)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException | UncheckedIOException ex) {
			// best effort at exit
		}
	}

	private static void sleep() {
		try {
			Thread.sleep(100);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}
}
