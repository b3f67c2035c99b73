import { Fragment } from 'react'
import type { Site } from '@/lib/content'

/** A phone number to tap and call, kept on one line. */
function Phone({ number }: { number: string }) {
  return (
    <a className="nowrap" href={`tel:${number.replace(/[^\d+]/g, '')}`}>
      {number}
    </a>
  )
}

export function SiteFooter({ site }: { site: Site }) {
  const { phones, qq } = site
  return (
    <footer className="site-footer">
      <div className="container">
        {site.statements.map((statement) => (
          <p key={statement}>{statement}</p>
        ))}
        <p>
          {site.organizer}主办{site.supervisor && <> | {site.supervisor} 主管</>}。
        </p>
        <p>{site.copyright}</p>
        {phones.contact.length > 0 && (
          <p>
            联系电话:
            {phones.contact.map((number, i) => (
              <Fragment key={i}>
                {i > 0 && ' '}
                <Phone number={number} />
              </Fragment>
            ))}
          </p>
        )}
        {(phones.supervision || phones.report) && (
          <p>
            {phones.supervision && (
              <>
                监督电话:<Phone number={phones.supervision} />
              </>
            )}
            {phones.supervision && phones.report && ','}
            {phones.report && (
              <>
                违法和不良信息举报电话:<Phone number={phones.report} />
              </>
            )}
          </p>
        )}
        {site.offices.length > 0 && <address>{site.offices.join(';')}</address>}
        {(site.email || qq.service || qq.liaison) && (
          <p>
            {site.email && (
              <>
                邮箱:<a className="nowrap" href={`mailto:${site.email}`}>{site.email}</a>{' '}
              </>
            )}
            {qq.service && (
              <>
                <span className="nowrap">客服QQ:{qq.service}</span>{' '}
              </>
            )}
            {qq.liaison && <span className="nowrap">通联QQ:{qq.liaison}</span>}
          </p>
        )}
        {(site.icp || site.police) && (
          <p className="filing">
            {site.icp && (
              <a href="https://beian.miit.gov.cn/" rel="noopener">
                {site.icp}
              </a>
            )}{' '}
            {site.police && <span>{site.police}</span>}
          </p>
        )}
      </div>
    </footer>
  )
}
