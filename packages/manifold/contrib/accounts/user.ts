// Who is signed in, as every permission check sees them (auth.ts loads it; sessions.ts builds it from the rows).
export interface CurrentUser {
  id: number;
  email: string;
  name: string;
  isActive: boolean;
  isStaff: boolean;
  isSuperuser: boolean;
  /** Group names, sorted. */
  groups: string[];
  /** 'blog.change_post', …: the user's own permissions and their groups'. */
  permissions: ReadonlySet<string>;
}
