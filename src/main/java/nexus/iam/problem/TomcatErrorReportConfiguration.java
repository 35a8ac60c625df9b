package nexus.iam.problem;

import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Tomcat's own error answers as problem documents too. */
@Configuration(proxyBeanMethods = false)
class TomcatErrorReportConfiguration {

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
		// runs after Spring Boot's own customizer, which installs Tomcat's HTML error report valve
		return (factory) -> factory.addContextCustomizers((context) -> {
			if (context.getParent() instanceof StandardHost host) {
				for (Valve valve : host.getPipeline().getValves()) {
					if (valve instanceof ErrorReportValve && !(valve instanceof ProblemErrorReportValve)) {
						host.getPipeline().removeValve(valve);
					}
				}
				host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
				host.getPipeline().addValve(new ProblemErrorReportValve());
			}
		});
	}
}
