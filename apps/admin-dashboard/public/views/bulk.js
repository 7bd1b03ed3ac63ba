/** Bulk actions on the selected orders or on every order matching the filter (filled in below). */
export function createBulk(root) {
  return {
    selectionChanged() {},
    reset() {
      root.hidden = true;
    },
  };
}
