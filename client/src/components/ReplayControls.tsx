/**
 * The replay's time slider: one stop per moment the server stored a change. Arrow keys step
 * (the slider's own keys when it has focus, and anywhere outside a field), Home and End jump,
 * Play steps through the moments one after another.
 */
import { useEffect } from 'react';
import { clockTime, elapsed } from '../format/time.ts';

interface Props {
  moments: number[];
  index: number;
  onIndex: (index: number) => void;
  playing: boolean;
  onPlaying: (playing: boolean) => void;
  /** When the incident was declared, for "+4:10" labels; null until the first snapshot arrives. */
  declaredAt: number | null;
  loading: boolean;
}

export function ReplayControls({ moments, index, onIndex, playing, onPlaying, declaredAt, loading }: Props) {
  const last = moments.length - 1;
  const at = moments[index] ?? null;
  const clamp = (i: number) => Math.max(0, Math.min(last, i));

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target as HTMLElement;
      // Fields (the slider included) handle their own keys.
      if (target.closest('input, textarea, select, [contenteditable]')) return;
      const step = { ArrowLeft: -1, ArrowRight: 1 }[event.key];
      if (step !== undefined) onIndex(clamp(index + step));
      else if (event.key === 'Home') onIndex(0);
      else if (event.key === 'End') onIndex(last);
      else return;
      event.preventDefault();
      onPlaying(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const since = at !== null && declaredAt !== null ? `+${elapsed(at - declaredAt)}` : '';
  return (
    <section className="replay-controls" data-testid="replay-controls" aria-label="Replay time">
      <button
        type="button"
        className="primary replay-play"
        disabled={moments.length < 2}
        aria-pressed={playing}
        onClick={() => {
          // Play from the start when at the end, as media players do.
          if (!playing && index >= last) onIndex(0);
          onPlaying(!playing);
        }}
      >
        {playing ? '❚❚ Pause' : '▶ Play'}
      </button>
      <button type="button" className="small-button" aria-label="Previous moment" disabled={index <= 0} onClick={() => onIndex(clamp(index - 1))}>
        ◀
      </button>
      <button type="button" className="small-button" aria-label="Next moment" disabled={index >= last} onClick={() => onIndex(clamp(index + 1))}>
        ▶
      </button>
      <input
        type="range"
        className="replay-slider"
        aria-label="Moment in the incident"
        data-testid="replay-slider"
        min={0}
        max={Math.max(0, last)}
        step={1}
        value={index}
        aria-valuetext={at !== null ? `${clockTime(at)}${since ? `, ${since} since declared` : ''}, moment ${index + 1} of ${moments.length}` : 'no moments'}
        onChange={(e) => {
          onPlaying(false);
          onIndex(Number(e.target.value));
        }}
      />
      <output className="replay-time" data-testid="replay-time" aria-live="off">
        <span className="clock">{at !== null ? clockTime(at) : '—'}</span>
        <span className="muted small">
          {since && `${since} since declared · `}moment {index + 1} of {moments.length}
        </span>
        <span className="replay-loading small muted" aria-hidden={!loading}>
          {loading ? 'loading…' : ''}
        </span>
      </output>
    </section>
  );
}
