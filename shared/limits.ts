/** Sizes of user-visible text, shared so the client can stop typing where the server would refuse. */
export const Limits = {
  titleLength: 200,
  nameLength: 80,
  idLength: 64,
  summaryLength: 4000,
  noteLength: 2000,
  updateLength: 4000,
} as const;
