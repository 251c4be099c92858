/** The two kinds of media a Play can be, and each side of the webhook node is configured for. */
export type MediaType = 'movie' | 'show';

/** The fields `jellyfin-virtual-play` puts in `msg.payload` / `msg.media` (docs/design.md). Unknown: "" for text, null for numbers. */
export interface CommonMedia {
  readonly tmdbId: string;
  readonly imdbId: string;
  readonly title: string;
  readonly year: number | null;
  readonly jellyfinUserId: string;
  readonly userName: string;
  readonly deviceName: string;
  readonly client: string;
  readonly sessionId: string;
  readonly itemId: string;
}

export interface MovieMedia extends CommonMedia {
  readonly mediaType: 'movie';
}

export interface ShowMedia extends CommonMedia {
  readonly mediaType: 'show';
  readonly tvdbId: string;
  readonly seasonNumber: number | null;
  readonly isAnime: boolean;
  /** How `isAnime` was decided: `genre: Anime`, `tag: anime`, `Animation + Japan`, … or `""`. */
  readonly animeReason: string;
}

export type PlayMedia = MovieMedia | ShowMedia;
