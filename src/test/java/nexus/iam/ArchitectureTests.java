package nexus.iam;

import java.util.Set;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RestController;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Keeps the features apart: no cycles between packages, no import the dependency map does not
 * allow, tables reached only through their own package's repository, and HTTP controllers
 * private to their feature.
 */
@AnalyzeClasses(packages = "nexus.iam", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	static final String ROOT = "nexus.iam";

	@ArchTest
	static final ArchRule featuresAreFreeOfCycles = slices().matching("nexus.iam.(*)..").should().beFreeOfCycles();

	@ArchTest
	static final ArchRule onlyRepositoriesTalkSql = noClasses().that()
		.haveSimpleNameNotEndingWith("Repository")
		.should()
		.dependOnClassesThat()
		.areAssignableTo(JdbcClient.class)
		.because("each feature reaches its tables through its own repository");

	@ArchTest
	static final ArchRule repositoriesStayInsideTheirFeature = classes().that()
		.haveSimpleNameEndingWith("Repository")
		.should()
		.notBePublic()
		.andShould(beAccessedOnlyFromTheirOwnPackage())
		.because("no feature reads another feature's tables");

	@ArchTest
	static final ArchRule controllersArePrivateToTheirFeature = classes().that()
		.areAnnotatedWith(RestController.class)
		.or()
		.areAnnotatedWith(Controller.class)
		.should()
		.notBePublic()
		.andShould()
		.haveOnlyFinalFields();

	/** Every import between packages is one that the dependency map allows. */
	@ArchTest
	static final ArchRule importsFollowTheDependencyMap = classes().that()
		.resideInAPackage("nexus.iam.*..")
		.should(importOnlyWhatTheDependencyMapAllows(DependencyMap.load()))
		.because("the dependency map (" + DependencyMap.RESOURCE + ") is the one source of truth for the graph");

	private static ArchCondition<JavaClass> importOnlyWhatTheDependencyMapAllows(DependencyMap map) {
		return new ArchCondition<>("import only the packages the dependency map allows") {
			@Override
			public void check(JavaClass origin, ConditionEvents events) {
				String from = featureOf(origin.getPackageName());
				Set<String> allowed = map.allowed(from);
				for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
					String target = dependency.getTargetClass().getPackageName();
					if (!target.equals(ROOT) && !target.startsWith(ROOT + ".")) {
						continue;
					}
					String to = featureOf(target);
					if (!to.equals(from) && !allowed.contains(to)) {
						events.add(SimpleConditionEvent.violated(dependency,
								from + " -> " + to + " is not in the dependency map: " + dependency.getDescription()));
					}
				}
			}
		};
	}

	/** The top-level package under {@code nexus.iam} ("" for the root package itself). */
	static String featureOf(String packageName) {
		if (packageName.equals(ROOT)) {
			return "";
		}
		String rest = packageName.substring(ROOT.length() + 1);
		int dot = rest.indexOf('.');
		return (dot < 0) ? rest : rest.substring(0, dot);
	}

	private static ArchCondition<JavaClass> beAccessedOnlyFromTheirOwnPackage() {
		return new ArchCondition<>("be accessed only from their own package") {
			@Override
			public void check(JavaClass repository, ConditionEvents events) {
				for (Dependency dependency : repository.getDirectDependenciesToSelf()) {
					if (!dependency.getOriginClass().getPackageName().equals(repository.getPackageName())) {
						events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
					}
				}
			}
		};
	}
}
