// Every in-app address in one place, so a link and its route cannot drift apart.
export const paths = {
  home: '/',
  signIn: '/sign-in',
} as const;
