// Every in-app address in one place, so a link and its route cannot drift apart.
export const paths = {
  welcome: '/',
  home: '/home',
  signIn: '/sign-in',
  signUp: '/sign-up',
  invitation: '/invitations/:token',
} as const;
