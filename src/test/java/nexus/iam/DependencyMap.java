package nexus.iam;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The allowed dependencies between the packages of {@code nexus.iam}, read from
 * {@code architecture/dependencies.txt}: the one source of truth that {@link ArchitectureTests}
 * enforces and {@code docs/architecture.md} draws.
 *
 * @param lines the map's lines in file order: one package, some of the packages it may import,
 * and why (may be empty)
 */
record DependencyMap(List<Line> lines) {

	static final String RESOURCE = "architecture/dependencies.txt";

	/** The packages that import no other package of the service. */
	static final Set<String> LEAVES = Set.of("config", "device", "problem", "surface");

	/** One line of the map: {@code from -> to, to   # note}. */
	record Line(String from, List<String> to, String note) {
	}

	static DependencyMap load() {
		try (InputStream in = DependencyMap.class.getClassLoader().getResourceAsStream(RESOURCE)) {
			if (in == null) {
				throw new IllegalStateException(RESOURCE + " is not on the test class path");
			}
			return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static DependencyMap parse(String text) {
		List<Line> lines = new ArrayList<>();
		for (String raw : text.lines().toList()) {
			int hash = raw.indexOf('#');
			String note = (hash >= 0) ? raw.substring(hash + 1).strip() : "";
			String rule = ((hash >= 0) ? raw.substring(0, hash) : raw).strip();
			if (rule.isEmpty()) {
				continue;
			}
			int arrow = rule.indexOf("->");
			if (arrow < 0) {
				throw new IllegalArgumentException("Not 'package -> packages': " + raw);
			}
			List<String> to = List.of(rule.substring(arrow + 2).split(",")).stream()
				.map(String::strip)
				.filter((name) -> !name.isEmpty())
				.toList();
			lines.add(new Line(rule.substring(0, arrow).strip(), to, note));
		}
		return new DependencyMap(List.copyOf(lines));
	}

	/** Every package named on the left of a line. */
	Set<String> packages() {
		return this.lines.stream().map(Line::from).collect(Collectors.toCollection(TreeSet::new));
	}

	/** The packages {@code from} may import, itself excluded. */
	Set<String> allowed(String from) {
		return this.lines.stream()
			.filter((line) -> line.from().equals(from))
			.flatMap((line) -> line.to().stream())
			.collect(Collectors.toCollection(TreeSet::new));
	}

	/** Every allowed edge, as {@code from -> to}. */
	Set<String> edges() {
		Set<String> edges = new TreeSet<>();
		for (Line line : this.lines) {
			line.to().forEach((to) -> edges.add(line.from() + " -> " + to));
		}
		return edges;
	}

	/**
	 * The floor of each package: 1 for a package that imports none, else one above the highest
	 * package it may import. Only a map without loops has floors.
	 * @throws IllegalStateException naming the loop, when the map has one
	 */
	Map<String, Integer> floors() {
		Map<String, Integer> floors = new TreeMap<>();
		for (String name : packages()) {
			floor(name, floors, new ArrayList<>());
		}
		return floors;
	}

	private int floor(String name, Map<String, Integer> floors, List<String> path) {
		Integer known = floors.get(name);
		if (known != null) {
			return known;
		}
		if (path.contains(name)) {
			List<String> loop = new ArrayList<>(path.subList(path.indexOf(name), path.size()));
			loop.add(name);
			throw new IllegalStateException("The dependency map has a loop: " + String.join(" -> ", loop));
		}
		path.add(name);
		int floor = 1;
		for (String to : allowed(name)) {
			floor = Math.max(floor, floor(to, floors, path) + 1);
		}
		path.removeLast();
		floors.put(name, floor);
		return floor;
	}

	/** The graph as docs/architecture.md shows it: top floor first, each line of the map with its note. */
	String drawing() {
		Map<String, Integer> floors = floors();
		int width = packages().stream().mapToInt(String::length).max().orElse(0) + 2;
		Map<Integer, List<Line>> byFloor = new TreeMap<>(Comparator.reverseOrder());
		for (Line line : this.lines) {
			if (!line.to().isEmpty()) {
				byFloor.computeIfAbsent(floors.get(line.from()), (floor) -> new ArrayList<>()).add(line);
			}
		}
		StringBuilder out = new StringBuilder();
		byFloor.forEach((floor, lines) -> {
			out.append("floor ").append(floor).append('\n');
			Map<String, List<Line>> byPackage = new LinkedHashMap<>();
			lines.stream()
				.sorted(Comparator.comparing(Line::from))
				.forEach((line) -> byPackage.computeIfAbsent(line.from(), (name) -> new ArrayList<>()).add(line));
			byPackage.values().stream().flatMap(List::stream).forEach((line) -> {
				String targets = line.to().stream().sorted().collect(Collectors.joining(", "));
				out.append("  ").append(line.from()).append(' ');
				out.append("─".repeat(width - line.from().length())).append("> ").append(targets);
				if (!line.note().isEmpty()) {
					out.append("   (").append(line.note()).append(')');
				}
				out.append('\n');
			});
		});
		String bottom = floors.entrySet().stream()
			.filter((entry) -> entry.getValue() == 1)
			.map(Map.Entry::getKey)
			.collect(Collectors.joining(", "));
		out.append("floor 1\n  ").append(bottom).append(": import no other package\n");
		return out.toString();
	}
}
