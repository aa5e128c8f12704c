import React from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { AppRootProps } from '@grafana/data';
import { ROUTES } from '../../constants';

const Incidents = React.lazy(() => import('../../pages/Incidents'));
const Rca = React.lazy(() => import('../../pages/Rca'));
const Slos = React.lazy(() => import('../../pages/Slos'));
const Executive = React.lazy(() => import('../../pages/Executive'));
const LogPatterns = React.lazy(() => import('../../pages/LogPatterns'));

/** The route table, and nothing else: each page is its own lazily loaded file. */
function App(_props: AppRootProps) {
  return (
    <Routes>
      <Route path={`${ROUTES.Incidents}/*`} element={<Incidents />} />
      <Route path={`${ROUTES.Rca}/*`} element={<Rca />} />
      <Route path={`${ROUTES.Slos}/*`} element={<Slos />} />
      <Route path={`${ROUTES.Executive}/*`} element={<Executive />} />
      <Route path={`${ROUTES.LogPatterns}/*`} element={<LogPatterns />} />
      <Route path="*" element={<Navigate replace to={ROUTES.Incidents} />} />
    </Routes>
  );
}

export default App;
