/** The operations of signing in and out and of the signed-in user's own profile. */
import { graphql } from '../gql';

export const LoginDocument = graphql(`
  mutation Login($login: String!, $password: String!) {
    login(login: $login, password: $password) {
      accessToken
      accessTokenExpiresAt
      refreshToken
      refreshTokenExpiresAt
    }
  }
`);

export const RefreshDocument = graphql(`
  mutation Refresh($refreshToken: String!) {
    refreshToken(refreshToken: $refreshToken) {
      accessToken
      accessTokenExpiresAt
      refreshToken
      refreshTokenExpiresAt
    }
  }
`);

export const LogoutDocument = graphql(`
  mutation Logout($refreshToken: String!) {
    logout(refreshToken: $refreshToken)
  }
`);

export const MeFragment = graphql(`
  fragment Me on User {
    id
    name
    email
    username
    role
    language
    teams { id name }
  }
`);

export const MeDocument = graphql(`
  query CurrentUser {
    me { ...Me }
  }
`);

export const UpdateLanguageDocument = graphql(`
  mutation UpdateLanguage($language: Language!) {
    updateMe(input: { language: $language }) { id language }
  }
`);
