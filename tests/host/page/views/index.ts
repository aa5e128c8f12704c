import type { ComponentType } from 'react';
import { dashboardView } from './dashboard';
import { overlayView } from './overlay';

/** A host-only page (not part of the plugin), e.g. a panel rendering a datasource's frames, at /host-views/<path>. */
export interface HostView {
  path: string;
  title: string;
  component: ComponentType;
}

/** Every host view. To add one: a file in this folder exporting a HostView, and one line here. */
export const hostViews: HostView[] = [overlayView, dashboardView];
