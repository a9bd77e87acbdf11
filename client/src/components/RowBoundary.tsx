/**
 * One row of a list that another client filled (transcript entries, action items) fails alone:
 * it shows a placeholder row and the list, the panel and the page carry on (issue 11). The
 * panel-wide PanelBoundary would hide every other row with it.
 */
import { Component } from 'react';
import type { ErrorInfo, ReactNode } from 'react';

interface Props {
  /** What a row is, in words: "entry", "action item". */
  what: string;
  children: ReactNode;
}

export class RowBoundary extends Component<Props, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`a ${this.props.what} failed to render`, error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <li className="row-failed muted" data-testid="row-failed">
        This {this.props.what} could not be shown.
      </li>
    );
  }
}
