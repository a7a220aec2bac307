/** What changes pod spec validation, as upstream's PodValidationOptions (only the switches tinykube needs). */
export interface PodValidationOptions {
  /** The spec belongs to a Pod, not a template: image whitespace and hostNetwork hostPort rules apply. */
  readonly resourceIsPod?: boolean;
  /** Old objects may keep label selectors with values that are no longer valid label values. */
  readonly allowInvalidLabelValueInSelector?: boolean;
  /** Old pods may keep an unparsable pod-deletion-cost annotation. */
  readonly allowInvalidPodDeletionCost?: boolean;
}
