package nexus.iam;

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
 * Keeps the features apart: no cycles between packages, tables reached only through their own
 * package's repository, and HTTP controllers private to their feature.
 */
@AnalyzeClasses(packages = "nexus.iam", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

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

	@ArchTest
	static final ArchRule sharedPackagesDependOnNoFeature = noClasses().that()
		.resideInAnyPackage("nexus.iam.config..", "nexus.iam.problem..", "nexus.iam.observability..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("nexus.iam.token..", "nexus.iam.identity..", "nexus.iam.session..", "nexus.iam.audit..",
				"nexus.iam.login..", "nexus.iam.web..", "nexus.iam.revocation..", "nexus.iam.account..",
				"nexus.iam.notification..", "nexus.iam.device..", "nexus.iam.keystore..", "nexus.iam.kratos..",
				"nexus.iam.sso..", "nexus.iam.secrets..", "nexus.iam.restore..");

	@ArchTest
	static final ArchRule featuresDoNotDependOnTheHttpEdge = noClasses().that()
		.resideOutsideOfPackage("nexus.iam.web..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("nexus.iam.web..");

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
