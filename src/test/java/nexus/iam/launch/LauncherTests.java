package nexus.iam.launch;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The jar's first class runs on Java 17 and tells an older Java which one it needs, in one line. */
class LauncherTests {

	@Test
	void theLauncherIsCompiledForJava17SoThatAnOlderJavaCanRunIt() throws IOException {
		try (InputStream in = Launcher.class.getResourceAsStream("Launcher.class");
				DataInputStream data = new DataInputStream(in)) {
			assertThat(data.readInt()).isEqualTo(0xCAFEBABE);
			data.readUnsignedShort(); // minor
			assertThat(data.readUnsignedShort()).as("class file major version: 61 is Java 17").isEqualTo(61);
		}
	}

	@Test
	void onAnOlderJavaOneLineSaysWhichJavaIsNeededAndWhereToGetIt() {
		String message = Launcher.message(17, "/usr/lib/jvm/java-17-openjdk-amd64");

		assertThat(message).doesNotContain("\n")
			.contains("needs Java 21 or newer", "this is Java 17", "/usr/lib/jvm/java-17-openjdk-amd64", "adoptium.net");
	}
}
