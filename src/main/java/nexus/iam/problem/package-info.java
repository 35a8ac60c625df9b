/** RFC 9457 problem details: the stable error codes and the one place that turns failures into responses. */
package nexus.iam.problem;
