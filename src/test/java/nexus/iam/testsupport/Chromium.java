package nexus.iam.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's Chromium, headless, each call a new browser with a profile (cookies) of its own. */
public final class Chromium {

	/** The profiles this run made, removed when the test JVM ends, so that no run leaves them behind. */
	private static final Set<Path> PROFILES = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> PROFILES.forEach(Chromium::delete), "chromium-profiles"));
	}

	private Chromium() {
	}

	public static WebDriver start() {
		return start(new ChromeOptions());
	}

	/** A browser whose window is this size, keeping what the pages write to the console. */
	public static WebDriver start(int width, int height) {
		ChromeOptions options = new ChromeOptions();
		options.addArguments("--window-size=" + Math.max(width, 800) + "," + height, "--hide-scrollbars");
		options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
		ChromeDriver driver = (ChromeDriver) start(options);
		// a window is never narrower than about 500 px: a phone's width is the device's viewport
		driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", java.util.Map.of("width", width, "height", height,
				"deviceScaleFactor", 1, "mobile", width < 600));
		return driver;
	}

	private static WebDriver start(ChromeOptions options) {
		options.setBinary("/usr/bin/chromium");
		try {
			Path profile = Files.createTempDirectory("nexus-chromium");
			PROFILES.add(profile);
			options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
					"--disable-background-networking", "--disable-component-update", "--disable-sync",
					"--user-data-dir=" + profile);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File("/usr/bin/chromedriver"))
			.usingAnyFreePort()
			.build();
		return new ChromeDriver(service, options);
	}

	private static void delete(Path profile) {
		try (Stream<Path> files = Files.walk(profile)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException | UncheckedIOException ex) {
			// a browser that was not quit may still hold files: best effort at exit
		}
	}
}
