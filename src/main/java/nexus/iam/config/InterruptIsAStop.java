package nexus.iam.config;

import sun.misc.Signal;

/**
 * Under {@code ./mvnw spring-boot:run}, Ctrl-C is how a developer stops the service: the plugin
 * hands the interrupt to this process and reports any exit code but 0 as BUILD FAILURE. With
 * {@code nexus.run.interrupt-is-a-stop} set (the plugin's configuration in {@code pom.xml} sets it),
 * an interrupt stops the service the ordinary way (shutdown hooks, graceful shutdown) with exit
 * code 0; everywhere else it keeps the JVM's meaning (exit code 130).
 */
public final class InterruptIsAStop {

	public static final String PROPERTY = "nexus.run.interrupt-is-a-stop";

	private InterruptIsAStop() {
	}

	public static void installIfAsked() {
		if (Boolean.getBoolean(PROPERTY)) {
			Signal.handle(new Signal("INT"), (signal) -> new Thread(() -> System.exit(0), "interrupt-stop").start());
		}
	}
}
