export type StarterUpdateProps = { onTake(): void; onKeep(): void };

/** Offered when a new release changed the starter code after the learner had started: never forced. */
export function StarterUpdate({ onTake, onKeep }: StarterUpdateProps) {
  return (
    <div className="notice" role="status">
      <p className="notice__text">
        This kata’s starter code has changed since you began. Your code is kept as it was.
      </p>
      <button type="button" className="button" onClick={onTake}>
        Use the new starter
      </button>
      <button type="button" className="button button--quiet" onClick={onKeep}>
        Keep my code
      </button>
    </div>
  );
}
