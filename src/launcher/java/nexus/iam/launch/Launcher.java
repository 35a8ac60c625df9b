package nexus.iam.launch;

import java.lang.reflect.InvocationTargetException;

/**
 * The jar's main class, compiled for Java 17 (the oldest Java that Spring Boot's own launcher
 * runs on) so that an older Java gets one readable line instead of an
 * {@code UnsupportedClassVersionError}; on Java 21 or newer it hands over to the service.
 */
public final class Launcher {

	static final int REQUIRED = 21;

	private Launcher() {
	}

	public static void main(String[] args) throws Throwable {
		int running = Runtime.version().feature();
		if (running < REQUIRED) {
			System.err.println(message(running, System.getProperty("java.home")));
			System.exit(1);
		}
		try {
			Class.forName("nexus.iam.NexusIamApplication").getMethod("main", String[].class).invoke(null, (Object) args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	static String message(int running, String javaHome) {
		return "Nexus IAM needs Java " + REQUIRED + " or newer; this is Java " + running + " (" + javaHome
				+ "). Install a JDK " + REQUIRED + "+ (e.g. Temurin from adoptium.net, or your distribution's openjdk-"
				+ REQUIRED + "-jre) and run it with that java.";
	}
}
