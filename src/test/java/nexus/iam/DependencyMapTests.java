package nexus.iam;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The dependency map itself: it has no loop (so every edge runs down a floor), its leaves stay
 * leaves, it names every package and no edge the code does not use, and
 * {@code docs/architecture.md} draws it. Run with {@code -Dnexus.architecture.redraw=true} to
 * rewrite the drawing in the document instead of comparing it.
 */
class DependencyMapTests {

	static final Path DOCUMENT = Path.of("docs/architecture.md");

	static final Path SOURCES = Path.of("src/main/java/nexus/iam");

	static final String BEGIN = "<!-- dependency-map: drawn from " + "src/test/resources/" + DependencyMap.RESOURCE
			+ " by DependencyMapTests; do not edit by hand -->";

	static final String END = "<!-- dependency-map: end -->";

	private static final DependencyMap MAP = DependencyMap.load();

	@Test
	void mapHasNoLoopSoEveryImportRunsDownAFloor() {
		var floors = MAP.floors();
		for (String edge : MAP.edges()) {
			String[] ends = edge.split(" -> ");
			assertThat(floors.get(ends[0])).as(edge).isGreaterThan(floors.get(ends[1]));
		}
	}

	@Test
	void aLowerPackageImportingAFeatureAboveItWouldCloseALoop() {
		DependencyMap withBackEdge = DependencyMap.parse("""
				token ->
				audit -> token, session   # a lower package importing a feature above it
				session -> audit, token
				""");
		assertThatIllegalStateException().isThrownBy(withBackEdge::floors)
			.withMessageContaining("audit -> session -> audit");
	}

	@Test
	void leavesImportNoOtherPackage() {
		for (String leaf : DependencyMap.LEAVES) {
			assertThat(MAP.packages()).contains(leaf);
			assertThat(MAP.allowed(leaf)).as(leaf + " is a leaf").isEmpty();
		}
	}

	@Test
	void mapNamesEveryPackageAndOnlyPackagesThatExist() {
		Set<String> packages = new TreeSet<>();
		for (JavaClass type : productionClasses()) {
			String feature = ArchitectureTests.featureOf(type.getPackageName());
			if (!feature.isEmpty()) {
				packages.add(feature);
			}
		}
		Set<String> named = new TreeSet<>(MAP.packages());
		MAP.lines().forEach((line) -> named.addAll(line.to()));
		assertThat(named).isEqualTo(packages);
	}

	/**
	 * An allowed edge that no import uses would draw a dependency that is not there. Uses are read
	 * from the class files and from the sources' imports: a constant (such as a log field's name)
	 * is copied into the class that uses it and leaves no trace in its class file.
	 */
	@Test
	void everyAllowedEdgeIsOneTheCodeUses() throws IOException {
		Set<String> used = importsInSources();
		for (JavaClass type : productionClasses()) {
			String from = ArchitectureTests.featureOf(type.getPackageName());
			for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
				String target = dependency.getTargetClass().getPackageName();
				if (target.startsWith(ArchitectureTests.ROOT + ".")) {
					String to = ArchitectureTests.featureOf(target);
					if (!from.isEmpty() && !to.equals(from)) {
						used.add(from + " -> " + to);
					}
				}
			}
		}
		assertThat(MAP.edges()).as("allowed edges no import uses: remove them from the map")
			.isSubsetOf(used);
	}

	@Test
	void architectureDocumentDrawsTheMap() throws IOException {
		String document = Files.readString(DOCUMENT, StandardCharsets.UTF_8);
		int begin = document.indexOf(BEGIN);
		int end = document.indexOf(END);
		assertThat(begin).as("the drawing's markers in " + DOCUMENT).isNotNegative().isLessThan(end);
		String drawn = BEGIN + "\n```\n" + MAP.drawing() + "```\n";
		String current = document.substring(begin, end);
		if (Boolean.getBoolean("nexus.architecture.redraw")) {
			Files.writeString(DOCUMENT, document.substring(0, begin) + drawn + document.substring(end),
					StandardCharsets.UTF_8);
			current = drawn;
		}
		assertThat(current).as("the drawing in " + DOCUMENT + " is stale: run ./mvnw -q test "
				+ "-Dtest=DependencyMapTests -Dnexus.architecture.redraw=true").isEqualTo(drawn);
	}

	private static Set<String> importsInSources() throws IOException {
		Set<String> used = new TreeSet<>();
		Pattern imported = Pattern.compile("^import (?:static )?nexus\\.iam\\.([a-z0-9]+)\\.", Pattern.MULTILINE);
		try (Stream<Path> files = Files.walk(SOURCES)) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".java")).toList()) {
				Path relative = SOURCES.relativize(file);
				if (relative.getNameCount() < 2) {
					continue; // the root package
				}
				String from = relative.getName(0).toString();
				Matcher match = imported.matcher(Files.readString(file, StandardCharsets.UTF_8));
				while (match.find()) {
					if (!match.group(1).equals(from)) {
						used.add(from + " -> " + match.group(1));
					}
				}
			}
		}
		return used;
	}

	private static JavaClasses productionClasses() {
		return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages(ArchitectureTests.ROOT);
	}
}
