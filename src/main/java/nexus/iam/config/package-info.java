/**
 * Shared typed settings and start-up rules: the run mode and public URL, development secrets kept
 * in the data folder, production's start-up check over every feature's {@code ProductionCheck},
 * and refused starts reported as one block.
 */
package nexus.iam.config;
